import type { OutputMessage, OutputRefusal, OutputText } from '../types.js';
import type { ResponseEventLog } from './responseEventLog.js';

/** An assistant message whose `output_text` part is still being written. */
export interface OpenMessage {
  kind: 'message';
  index: number;
  item: OutputMessage;
  part: OutputText;
}

/**
 * A `message` item and its events, as OpenAI streams them:
 *
 * | step            | events                                                                    |
 * |-----------------|---------------------------------------------------------------------------|
 * | open            | `output_item.added`, `content_part.added` (an empty `output_text`)        |
 * | text            | `output_text.delta`                                                       |
 * | close           | `output_text.done`, `content_part.done`, `output_item.done`               |
 * | refusal (whole) | `output_item.added`, `content_part.added` (an empty `refusal`),           |
 * |                 | `refusal.delta`, `refusal.done`, `content_part.done`, `output_item.done`  |
 */
export function openMessage(log: ResponseEventLog): OpenMessage {
  const { item, index, part } = addMessage(log, {
    type: 'output_text',
    text: '',
    annotations: [],
    logprobs: [],
  });
  return { kind: 'message', index, item, part };
}

export function appendText(log: ResponseEventLog, message: OpenMessage, text: string): void {
  message.part.text += text;
  log.emit({
    type: 'response.output_text.delta',
    item_id: message.item.id,
    output_index: message.index,
    content_index: 0,
    delta: text,
    logprobs: [],
  });
}

export function closeMessage(
  log: ResponseEventLog,
  { item, index, part }: OpenMessage,
  status: 'completed' | 'incomplete',
): void {
  const at = { item_id: item.id, output_index: index, content_index: 0 };
  log.emit({ type: 'response.output_text.done', ...at, text: part.text, logprobs: [] });
  log.emit({ type: 'response.content_part.done', ...at, part });
  log.finishItem(index, item, status);
}

/** A policy stop with nothing to show: a whole message whose one part is a refusal saying why. */
export function writeRefusal(log: ResponseEventLog, text: string): void {
  const { item, index, part } = addMessage(log, { type: 'refusal', refusal: '' });
  const at = { item_id: item.id, output_index: index, content_index: 0 };
  part.refusal = text;
  log.emit({ type: 'response.refusal.delta', ...at, delta: text });
  log.emit({ type: 'response.refusal.done', ...at, refusal: text });
  log.emit({ type: 'response.content_part.done', ...at, part });
  log.finishItem(index, item, 'incomplete');
}

function addMessage<P extends OutputText | OutputRefusal>(log: ResponseEventLog, part: P) {
  const item: OutputMessage = {
    type: 'message',
    id: log.newItemId('msg'),
    status: 'in_progress',
    role: 'assistant',
    content: [],
  };
  const index = log.addItem(item);
  item.content.push(part);
  log.emit({
    type: 'response.content_part.added',
    item_id: item.id,
    output_index: index,
    content_index: 0,
    part,
  });
  return { item, index, part };
}
