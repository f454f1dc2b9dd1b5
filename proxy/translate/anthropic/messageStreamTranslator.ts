import type { GenerateContentResponse, UsageMetadata } from '../../gemini/types.js';
import { decodeTexts, type PlainText } from '../../upstream/skimFrame.js';
import type { GroundingMetadata } from '../responses/groundingSpans.js';
import { ContentBlockWriter, type BlockWriterOptions } from './contentBlockWriter.js';
import { toMessageUsage } from './toMessageUsage.js';
import { answerStop, type AnswerStop } from './toStopReason.js';
import type { AnthropicErrorObject, BlockEvent, MessageObject, MessageStreamEvent } from './types.js';

export interface MessageAnswerOptions extends BlockWriterOptions {
  /** `msg_…`, chosen by the route so logs and the client agree. */
  id: string;
  /** The model to report: the one the client asked for. */
  model: string;
  /**
   * Whether Gemini was given Google Search. Only then can the answer be grounded, and only then is
   * the answer's text kept to the end of a stream for the citations (false: a long answer's frames
   * are let go as they are written). Unsaid: kept.
   */
  searchesTheWeb?: boolean;
}

export interface MessageStreamTranslator {
  /** One Gemini chunk in, the SSE text it amounts to out (none, or one piece of one or more frames). */
  push(chunk: GenerateContentResponse): string[];
  /**
   * The same for a chunk of plain answer text that was skimmed rather than parsed (see skimFrame):
   * each text_delta is written around the text's JSON string as Gemini wrote it, byte for byte what
   * JSON.stringify would write.
   */
  pushPlain(plain: PlainText): string[];
  /**
   * After Gemini's stream ended with a finishReason: closes the open block, then `message_delta` with
   * the stop reason and `usage` (the resume engine's answer usage; without it, the last usageMetadata
   * seen), then `message_stop`. Never invents an ending: call it only when `finished`.
   */
  end(usage?: UsageMetadata): string;
  /** An `error` event: the answer is incomplete (the SDK throws on it; a silent end would pass for whole). */
  fail(error: AnthropicErrorObject): string;
  /** Whether Gemini said how the answer ended (a finishReason or a blocked prompt). */
  readonly finished: boolean;
}

/** Anthropic's framing: the event's type as the SSE event name, its JSON as data. */
export function sseEvent(event: MessageStreamEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Gemini `streamGenerateContent` chunks -> the Messages API's stream, in the order Anthropic sends it
 * and `@anthropic-ai/sdk`'s MessageStream checks (lib/MessageStream.ts, #accumulateMessage):
 *
 * 1. `message_start` with the Message as it begins (no content, the prompt's usage), then `ping`;
 * 2. content blocks as ContentBlockWriter makes them from each part: `content_block_start`,
 *    `content_block_delta` (`thinking_delta`, `signature_delta`, `text_delta`, `input_json_delta`),
 *    `content_block_stop`;
 * 3. on `end`: a grounded answer's `citations_delta` on its open text block and its search blocks
 *    (ContentBlockWriter.grounding), the open block's stop, `message_delta` (`stop_reason`,
 *    `stop_details` for a refusal, the whole answer's `usage` with its searches), `message_stop`.
 *
 * Only candidate 0 is read (Anthropic has no `n`). Nothing after the finishReason is shown but its
 * usage. A blocked prompt, or a policy stop, ends with `stop_reason: "refusal"` and `stop_details`
 * saying why. Gemini sends `groundingMetadata` with its last frames, after the text; the last one seen
 * is reported (of a resumed answer: the final attempt's), once the answer is known to be whole.
 */
export function createMessageStreamTranslator(options: MessageAnswerOptions): MessageStreamTranslator {
  const writer = new ContentBlockWriter(options);
  let started = false;
  let stop: AnswerStop | undefined;
  let lastUsage: UsageMetadata | undefined;
  /** A skimmed frame whose usage is the last seen: parsed only if needed. */
  let usageSource: PlainText | undefined;
  let grounding: GroundingMetadata | undefined;
  /** The answer's text as it went out, decoded only if a grounded answer needs it for its citations. */
  const answerPieces: Array<string | PlainText> = [];
  const keepText = options.searchesTheWeb !== false;
  const answerText = () =>
    answerPieces
      .map((piece) => (typeof piece === 'string' ? piece : decodeTexts(piece.texts, piece.unescaped)))
      .join('');

  const opening = (usage: UsageMetadata | undefined): string => {
    if (started) return '';
    started = true;
    const message: MessageObject = {
      id: options.id,
      type: 'message',
      role: 'assistant',
      model: options.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      stop_details: null,
      usage: toMessageUsage(usage),
    };
    return sseEvent({ type: 'message_start', message }) + sseEvent({ type: 'ping' });
  };
  const frames = (events: BlockEvent[]) => events.map(sseEvent).join('');

  const pushChunk = (chunk: GenerateContentResponse): string => {
    if (chunk.usageMetadata) {
      lastUsage = chunk.usageMetadata;
      usageSource = undefined;
    }
    let out = opening(chunk.usageMetadata);
    const candidate = chunk.candidates?.[0];
    // Read even after the finishReason: it describes the answer, as its usage does.
    if (candidate?.['groundingMetadata']) grounding = candidate['groundingMetadata'] as GroundingMetadata;
    if (stop) return out;
    const events: BlockEvent[] = [];
    for (const part of candidate?.content?.parts ?? []) {
      writer.part(part, events);
      if (keepText && !part.thought && part.text) answerPieces.push(part.text);
    }
    out += frames(events);
    stop = answerStop(
      candidate,
      chunk.promptFeedback?.blockReason,
      candidate?.finishReason,
      writer.toolCalls > 0,
    );
    return out;
  };

  const pushPlainText = (plain: PlainText): string => {
    if (plain.hasUsage) usageSource = plain;
    let out = opening(started ? undefined : plain.usage());
    if (stop) return out;
    const events: BlockEvent[] = [];
    const index = writer.textIndex(events);
    out += frames(events);
    if (keepText) answerPieces.push(plain);
    for (const text of plain.texts) {
      const json = plain.canonical ? `"${text}"` : JSON.stringify(JSON.parse(`"${text}"`));
      out += `event: content_block_delta\ndata: {"type":"content_block_delta","index":${index},"delta":{"type":"text_delta","text":${json}}}\n\n`;
    }
    return out;
  };

  const pieces = (text: string): string[] => (text === '' ? [] : [text]);

  return {
    push: (chunk) => pieces(pushChunk(chunk)),
    pushPlain: (plain) => pieces(pushPlainText(plain)),

    end(usage) {
      if (usageSource) lastUsage = usageSource.usage();
      const events: BlockEvent[] = [];
      const searches = grounding ? writer.grounding(grounding, answerText(), events) : 0;
      writer.close(events);
      return (
        opening(usage ?? lastUsage) +
        frames(events) +
        sseEvent({
          type: 'message_delta',
          delta: {
            stop_reason: stop?.reason ?? 'end_turn',
            stop_sequence: null,
            stop_details: stop?.details ?? null,
          },
          usage: toMessageUsage(usage ?? lastUsage, searches),
        }) +
        sseEvent({ type: 'message_stop' })
      );
    },

    fail(error) {
      return sseEvent({ type: 'error', error });
    },

    get finished() {
      return stop !== undefined;
    },
  };
}
