import type { Part } from '../../../gemini/types.js';
import { encodeReasoningCarrier } from '../reasoningCarrier.js';
import type { ReasoningItem, SummaryText } from '../types.js';
import type { ResponseEventLog } from './responseEventLog.js';

/** A reasoning item still open: its summary so far, and the thought signatures it will carry. */
export interface OpenReasoning {
  kind: 'reasoning';
  index: number;
  item: ReasoningItem;
  summary: string;
  summaryOpen: boolean;
  /** Thought signatures by call_id, for the function calls right after this item. */
  signatures: Map<string, string>;
  /** Gemini's own tool calls and results (toolCall / toolResponse parts) met while this item was open. */
  serverParts: Part[];
}

/**
 * A `reasoning` item and its events:
 *
 * | step               | events                                                                   |
 * |--------------------|--------------------------------------------------------------------------|
 * | open               | `output_item.added` (no summary yet, `encrypted_content` null)           |
 * | first thought text | `reasoning_summary_part.added`, then `reasoning_summary_text.delta`      |
 * | more thought text  | `reasoning_summary_text.delta`                                           |
 * | close              | with a summary: `reasoning_summary_text.done`, `…part.done`; then        |
 * |                    | `output_item.done` with the signatures and the server-side tool parts    |
 * |                    | in `encrypted_content` (reasoningCarrier.ts)                             |
 */
export function openReasoning(log: ResponseEventLog): OpenReasoning {
  const item: ReasoningItem = {
    type: 'reasoning',
    id: log.newItemId('rs'),
    summary: [],
    encrypted_content: null,
    status: 'in_progress',
  };
  return {
    kind: 'reasoning',
    index: log.addItem(item),
    item,
    summary: '',
    summaryOpen: false,
    signatures: new Map(),
    serverParts: [],
  };
}

export function appendSummary(log: ResponseEventLog, reasoning: OpenReasoning, text: string): void {
  const { item, index } = reasoning;
  const at = { item_id: item.id, output_index: index, summary_index: 0 };
  if (!reasoning.summaryOpen) {
    reasoning.summaryOpen = true;
    item.summary.push(summaryText(''));
    log.emit({ type: 'response.reasoning_summary_part.added', ...at, part: summaryText('') });
  }
  reasoning.summary += text;
  item.summary[0]!.text = reasoning.summary;
  log.emit({ type: 'response.reasoning_summary_text.delta', ...at, delta: text });
}

export function closeReasoning(
  log: ResponseEventLog,
  reasoning: OpenReasoning,
  status: 'completed' | 'incomplete',
): void {
  const { item, index } = reasoning;
  if (reasoning.summaryOpen) {
    const at = { item_id: item.id, output_index: index, summary_index: 0 };
    const part = summaryText(reasoning.summary);
    log.emit({ type: 'response.reasoning_summary_text.done', ...at, text: reasoning.summary });
    log.emit({ type: 'response.reasoning_summary_part.done', ...at, part });
    item.summary = [part];
  }
  item.encrypted_content = encodeReasoningCarrier(reasoning.signatures, reasoning.serverParts);
  log.finishItem(index, item, status);
}

function summaryText(text: string): SummaryText {
  return { type: 'summary_text', text };
}
