import type { GenerateContentResponse, UsageMetadata } from '../../gemini/types.js';
import type { PlainText } from '../../upstream/skimFrame.js';
import { toChatFinishReason } from './finishReason.js';
import { describeBlockedPrompt, describeStop, type ChatResponseOptions } from './fromGeminiResponse.js';
import { toChatToolCall } from './toChatToolCall.js';
import { toChatUsage } from './toChatUsage.js';
import { toChatImages } from './toChatImages.js';
import type { ChatChunkChoice, ChatCompletionChunk, ChatDelta, ChatFinishReason } from './types.js';

export interface ChatStreamOptions extends ChatResponseOptions {
  /** `stream_options.include_usage`: end with a chunk that has `choices: []` and the usage. */
  includeUsage: boolean;
}

export interface ChatStreamTranslator {
  /** One Gemini SSE chunk in, the OpenAI chunks it amounts to out (possibly none). */
  push(chunk: GenerateContentResponse): ChatCompletionChunk[];
  /**
   * The same for a chunk of plain answer text that was skimmed rather than parsed (see skimFrame),
   * with each chunk already as JSON text: byte for byte JSON.stringify of what `push` would return.
   * A content delta is written around the text's JSON string as Gemini wrote it.
   */
  pushPlain(plain: PlainText): string[];
  /**
   * After the upstream stream ended: the usage chunk, when asked for. `usage` is the final usage to
   * report; the resume engine passes the sum over all its attempts. Without it, the last
   * usageMetadata seen is used (Gemini's is cumulative, so that is the whole answer's).
   * `end` never invents a finish_reason: a stream that ended without one was cut, and the caller
   * must end it with an error event instead (the openai SDK treats a silent end as success).
   */
  end(usage?: UsageMetadata): ChatCompletionChunk[];
  /** Whether every choice that started has received its finish_reason. */
  readonly finished: boolean;
}

/** Stands in for a content delta's text while the delta's JSON is cut around it. */
const CONTENT_MARK = '\u0000content\u0000';
const CONTENT_MARK_JSON = JSON.stringify(CONTENT_MARK);

interface ChoiceState {
  toolCalls: number;
  produced: boolean;
  finishReason: ChatFinishReason | null;
}

/**
 * Gemini `streamGenerateContent?alt=sse` chunks -> OpenAI `chat.completion.chunk`s, in the order the
 * openai SDK's stream helper and the AI SDK expect:
 *
 * 1. per choice, a first chunk `{role: 'assistant', content: ''}` (what OpenAI sends first);
 * 2. text as `content` deltas, thoughts as `reasoning_content` deltas, images as `images` deltas
 *    (data URLs, see toChatImages.ts), in Gemini's order;
 * 3. each function call as one complete tool-call delta (`index`, `id`, `type`, `function.name`,
 *    the whole JSON `arguments`): Gemini streams calls whole, so nothing is split;
 * 4. a chunk with an empty delta and `finish_reason` when Gemini's chunk carries finishReason;
 * 5. on `end()`, when asked for, `{choices: [], usage}`.
 *
 * The caller frames each chunk as `data: <json>\n\n` and finishes with `data: [DONE]\n\n`.
 * A blocked prompt (a chunk with `promptFeedback.blockReason` and no candidates) becomes choice 0
 * with a `refusal` delta and `finish_reason: "content_filter"`, as in fromGeminiResponse.ts.
 */
export function createChatStreamTranslator(options: ChatStreamOptions): ChatStreamTranslator {
  const choices = new Map<number, ChoiceState>();
  let lastUsage: UsageMetadata | undefined;
  /** A skimmed frame whose usage is the last seen: parsed only if end() needs it. */
  let usageSource: PlainText | undefined;

  const chunk = (choice: Omit<ChatChunkChoice, 'logprobs'>): ChatCompletionChunk => ({
    id: options.id,
    object: 'chat.completion.chunk',
    created: options.created,
    model: options.model,
    choices: [{ ...choice, logprobs: null }],
  });

  const stateOf = (index: number, out: ChatCompletionChunk[]): ChoiceState => {
    let state = choices.get(index);
    if (!state) {
      state = { toolCalls: 0, produced: false, finishReason: null };
      choices.set(index, state);
      out.push(chunk({ index, delta: { role: 'assistant', content: '' }, finish_reason: null }));
    }
    return state;
  };

  const delta = (index: number, d: ChatDelta) => chunk({ index, delta: d, finish_reason: null });

  // A content delta of choice 0 as JSON text, cut around its content: the text's JSON string goes
  // between. Cut from the serialised chunk itself, so it cannot drift from what push() writes.
  const probe = JSON.stringify(delta(0, { content: CONTENT_MARK }));
  const markAt = probe.lastIndexOf(CONTENT_MARK_JSON);
  const contentBefore = probe.slice(0, markAt);
  const contentAfter = probe.slice(markAt + CONTENT_MARK_JSON.length);

  return {
    push(response) {
      const out: ChatCompletionChunk[] = [];
      if (response.usageMetadata) {
        lastUsage = response.usageMetadata;
        usageSource = undefined;
      }

      const candidates = response.candidates ?? [];
      const blockReason = response.promptFeedback?.blockReason;
      if (candidates.length === 0 && blockReason) {
        const state = stateOf(0, out);
        if (state.finishReason === null) {
          out.push(delta(0, { refusal: describeBlockedPrompt(blockReason) }));
          out.push(chunk({ index: 0, delta: {}, finish_reason: 'content_filter' }));
          state.finishReason = 'content_filter';
        }
        return out;
      }

      candidates.forEach((candidate, position) => {
        const index = candidate.index ?? position;
        const state = stateOf(index, out);
        if (state.finishReason !== null) return; // nothing may follow a finish_reason

        for (const part of candidate.content?.parts ?? []) {
          if (part.functionCall) {
            if (options.parallelToolCalls === false && state.toolCalls > 0) continue;
            const call = toChatToolCall({ ...part, functionCall: part.functionCall }, options);
            out.push(delta(index, { tool_calls: [{ index: state.toolCalls, ...call }] }));
            state.toolCalls++;
            state.produced = true;
          } else if (typeof part.text === 'string' && part.text !== '') {
            out.push(delta(index, part.thought ? { reasoning_content: part.text } : { content: part.text }));
            if (!part.thought) state.produced = true;
          } else {
            const images = toChatImages([part]);
            if (images.length > 0) {
              out.push(delta(index, { images }));
              state.produced = true;
            }
          }
        }

        if (candidate.finishReason) {
          const finishReason = toChatFinishReason(candidate.finishReason, state.toolCalls > 0);
          if (finishReason === 'content_filter' && !state.produced) {
            out.push(delta(index, { refusal: describeStop(candidate) }));
          }
          out.push(chunk({ index, delta: {}, finish_reason: finishReason }));
          state.finishReason = finishReason;
        }
      });
      return out;
    },

    pushPlain(plain) {
      if (plain.hasUsage) usageSource = plain;
      const opening: ChatCompletionChunk[] = [];
      const state = stateOf(0, opening);
      const out = opening.map((first) => JSON.stringify(first));
      if (state.finishReason !== null) return out; // nothing may follow a finish_reason
      for (const text of plain.texts) {
        const json = plain.canonical ? `"${text}"` : JSON.stringify(JSON.parse(`"${text}"`));
        out.push(contentBefore + json + contentAfter);
      }
      state.produced = true;
      return out;
    },

    end(usage) {
      if (!options.includeUsage) return [];
      if (usageSource) lastUsage = usageSource.usage();
      return [
        {
          id: options.id,
          object: 'chat.completion.chunk',
          created: options.created,
          model: options.model,
          choices: [],
          usage: toChatUsage(usage ?? lastUsage),
        },
      ];
    },

    get finished() {
      return choices.size > 0 && [...choices.values()].every((state) => state.finishReason !== null);
    },
  };
}
