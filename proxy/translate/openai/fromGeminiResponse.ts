import type { Candidate, GenerateContentResponse, Part } from '../../gemini/types.js';
import { toChatFinishReason } from './finishReason.js';
import { toChatToolCall, type ToolCallOptions } from './toChatToolCall.js';
import { toChatUsage } from './toChatUsage.js';
import { toChatImages } from './toChatImages.js';
import type { ChatCompletion, ChatCompletionChoice, ChatToolCall } from './types.js';

export interface ChatResponseOptions extends ToolCallOptions {
  /** `chatcmpl-...`, chosen by the route so logs and the client agree. */
  id: string;
  /** The model name to report; normally the one the client asked for. */
  model: string;
  /** Unix seconds. */
  created: number;
  /**
   * `false` when the client sent `parallel_tool_calls: false`. Gemini has no such switch and may
   * still call several functions at once; clients that asked for one call per turn (Roo Code sends
   * false by default) answer only the first and then fail Gemini's "one response per call" check on
   * the next turn. So only the first call is passed on.
   */
  parallelToolCalls?: boolean;
}

/**
 * A whole (non-streamed) GenerateContentResponse -> an OpenAI ChatCompletion.
 *
 * Per candidate: text parts -> `content`, thought parts -> `reasoning_content`, function calls ->
 * `tool_calls` (see toChatToolCall.ts), images -> `images` (see toChatImages.ts), finishReason ->
 * `finish_reason` (see finishReason.ts).
 *
 * A prompt Gemini blocks comes back with HTTP 200, no candidates and `promptFeedback.blockReason`.
 * It becomes an ordinary answer with `finish_reason: "content_filter"` rather than an error: it is
 * final (retrying the same prompt cannot help, so no client should auto-retry as on a 4xx/5xx), and
 * the reason goes into `message.refusal`, OpenAI's field for exactly this, so a client can show why.
 * Same for a candidate that was stopped for policy before producing anything.
 */
export function fromGeminiResponse(
  response: GenerateContentResponse,
  options: ChatResponseOptions,
): ChatCompletion {
  const candidates = [...(response.candidates ?? [])].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  const choices =
    candidates.length > 0
      ? candidates.map((candidate, position) => toChoice(candidate, candidate.index ?? position, options))
      : [blockedOrEmptyChoice(response)];
  const completion: ChatCompletion = {
    id: options.id,
    object: 'chat.completion',
    created: options.created,
    model: options.model,
    choices,
  };
  completion.usage = toChatUsage(response.usageMetadata);
  return completion;
}

function toChoice(candidate: Candidate, index: number, options: ChatResponseOptions): ChatCompletionChoice {
  const { text, reasoning, toolCalls } = readParts(candidate.content?.parts ?? [], options);
  const images = toChatImages(candidate.content?.parts ?? []);
  const finishReason = toChatFinishReason(candidate.finishReason ?? 'STOP', toolCalls.length > 0);
  const refusal =
    finishReason === 'content_filter' && text === undefined && toolCalls.length === 0 && images.length === 0
      ? describeStop(candidate)
      : null;

  const choice: ChatCompletionChoice = {
    index,
    message: {
      role: 'assistant',
      content: text ?? (toolCalls.length > 0 || refusal ? null : ''),
      refusal,
    },
    finish_reason: finishReason,
    logprobs: null,
  };
  if (reasoning !== undefined) choice.message.reasoning_content = reasoning;
  if (toolCalls.length > 0) choice.message.tool_calls = toolCalls;
  if (images.length > 0) choice.message.images = images;
  return choice;
}

function readParts(parts: Part[], options: ChatResponseOptions) {
  let text: string | undefined;
  let reasoning: string | undefined;
  const toolCalls: ChatToolCall[] = [];
  for (const part of parts) {
    if (part.functionCall) {
      if (options.parallelToolCalls === false && toolCalls.length > 0) continue;
      toolCalls.push(toChatToolCall({ ...part, functionCall: part.functionCall }, options));
    } else if (typeof part.text === 'string' && part.text !== '') {
      if (part.thought) reasoning = (reasoning ?? '') + part.text;
      else text = (text ?? '') + part.text;
    }
    // Images go to message.images (toChatImages.ts); executableCode and codeExecutionResult have no
    // Chat Completions field.
  }
  return { text, reasoning, toolCalls };
}

function blockedOrEmptyChoice(response: GenerateContentResponse): ChatCompletionChoice {
  const blockReason = response.promptFeedback?.blockReason;
  if (!blockReason) {
    return {
      index: 0,
      message: { role: 'assistant', content: '', refusal: null },
      finish_reason: 'stop',
      logprobs: null,
    };
  }
  return {
    index: 0,
    message: { role: 'assistant', content: null, refusal: describeBlockedPrompt(blockReason) },
    finish_reason: 'content_filter',
    logprobs: null,
  };
}

export function describeBlockedPrompt(blockReason: string): string {
  return `Gemini blocked the prompt (blockReason: ${blockReason}).`;
}

export function describeStop(candidate: Candidate): string {
  const message = candidate.finishMessage ? ` ${candidate.finishMessage}` : '';
  return `Gemini stopped the answer (finishReason: ${String(candidate.finishReason)}).${message}`;
}
