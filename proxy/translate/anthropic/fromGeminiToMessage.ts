import type { GenerateContentResponse, UsageMetadata } from '../../gemini/types.js';
import type { GroundingMetadata } from '../responses/groundingSpans.js';
import { ContentBlockWriter } from './contentBlockWriter.js';
import type { MessageAnswerOptions } from './messageStreamTranslator.js';
import { toMessageUsage } from './toMessageUsage.js';
import { answerStop } from './toStopReason.js';
import type { BlockEvent, ContentBlockOut, MessageObject } from './types.js';

/**
 * A whole Gemini answer (the stream folded, as generateContent would have returned it) -> an
 * Anthropic Message. Its content is what the stream's events would build (the same
 * ContentBlockWriter, its events folded here as `@anthropic-ai/sdk` folds a stream), so a whole
 * answer and a streamed one never differ:
 *
 * | Message field   | from                                                                         |
 * | --------------- | ---------------------------------------------------------------------------- |
 * | `content`       | candidate 0's parts, then its groundingMetadata, through ContentBlockWriter |
 * | `stop_reason`   | its finishReason (toStopReason.ts); `refusal` for a blocked prompt           |
 * | `stop_details`  | a refusal's reason (`finishReason`, Gemini's finishMessage, or blockReason)   |
 * | `usage`         | `usage` (the resume engine's answer usage), else the answer's usageMetadata, and the searches (toMessageUsage.ts) |
 */
export function fromGeminiToMessage(
  answer: GenerateContentResponse,
  usage: UsageMetadata | undefined,
  options: MessageAnswerOptions,
): MessageObject {
  const writer = new ContentBlockWriter(options);
  const events: BlockEvent[] = [];
  const candidate = answer.candidates?.[0];
  const parts = candidate?.content?.parts ?? [];
  for (const part of parts) writer.part(part, events);
  const answerText = parts.map((part) => (part.thought ? '' : (part.text ?? ''))).join('');
  const searches = writer.grounding(
    candidate?.['groundingMetadata'] as GroundingMetadata | undefined,
    answerText,
    events,
  );
  writer.close(events);

  // A whole answer without a finishReason ended as STOP would have; without a candidate, as a turn ends.
  const stop = answerStop(
    candidate,
    answer.promptFeedback?.blockReason,
    candidate?.finishReason ?? 'STOP',
    writer.toolCalls > 0,
  ) ?? { reason: 'end_turn', details: null };
  return {
    id: options.id,
    type: 'message',
    role: 'assistant',
    model: options.model,
    content: foldBlockEvents(events),
    stop_reason: stop.reason,
    stop_sequence: null,
    stop_details: stop.details,
    usage: toMessageUsage(usage ?? answer.usageMetadata, searches),
  };
}

/** Content blocks from their events, as a client folds a stream: deltas appended, a tool's JSON parsed. */
export function foldBlockEvents(events: readonly BlockEvent[]): ContentBlockOut[] {
  const blocks: ContentBlockOut[] = [];
  for (const event of events) {
    if (event.type === 'content_block_start') {
      blocks[event.index] = { ...event.content_block };
      continue;
    }
    if (event.type !== 'content_block_delta') continue;
    const block = blocks[event.index]!;
    const delta = event.delta;
    if (delta.type === 'text_delta' && block.type === 'text') block.text += delta.text;
    else if (delta.type === 'thinking_delta' && block.type === 'thinking') block.thinking += delta.thinking;
    else if (delta.type === 'signature_delta' && block.type === 'thinking') block.signature = delta.signature;
    else if (delta.type === 'citations_delta' && block.type === 'text')
      block.citations = [...(block.citations ?? []), delta.citation];
    else if (
      delta.type === 'input_json_delta' &&
      (block.type === 'tool_use' || block.type === 'server_tool_use')
    )
      block.input = JSON.parse(delta.partial_json) as Record<string, unknown>;
  }
  return blocks;
}
