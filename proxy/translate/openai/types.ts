/**
 * The OpenAI wire shapes gemgate *writes* (responses, chunks, errors, lists). Requests are described
 * by the zod schema in chatRequestSchema.ts / embeddingsRequestSchema.ts, which is where what
 * clients *send* is decided.
 *
 * Written by hand from https://platform.openai.com/docs/api-reference/chat/object ,
 * .../chat-streaming/streaming , .../embeddings/object and .../models/list rather than imported from
 * the `openai` package: that package is a dev dependency, and the gateway must not depend on it.
 */

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call';

/**
 * Google's OpenAI-compatibility layer carries a Gemini thought signature next to each tool call
 * (https://ai.google.dev/gemini-api/docs/thought-signatures , "OpenAI compatibility"); the AI SDK's
 * openai-compatible provider (used by Cherry Studio and ChatBox) reads and echoes it.
 */
export interface GoogleExtraContent {
  google: { thought_signature: string };
}

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  extra_content?: GoogleExtraContent;
}

/** An image of the answer, as OpenRouter and LiteLLM send image output in Chat Completions. */
export interface ChatImage {
  type: 'image_url';
  image_url: { url: string };
}

export interface ChatCompletionMessage {
  role: 'assistant';
  content: string | null;
  refusal: string | null;
  /** Gemini's thought summaries; the de-facto field name read by Cherry Studio, Roo Code, Cline and the AI SDK. */
  reasoning_content?: string;
  tool_calls?: ChatToolCall[];
  /** Images the model made (image models), as data URLs. */
  images?: ChatImage[];
}

export interface ChatCompletionChoice {
  index: number;
  message: ChatCompletionMessage;
  finish_reason: ChatFinishReason;
  logprobs: null;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details?: { cached_tokens: number };
  completion_tokens_details?: { reasoning_tokens: number };
  /** The cached prompt tokens again, where Roo Code's OpenAI-compatible provider reads them. */
  cache_read_input_tokens?: number;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: ChatCompletionChoice[];
  usage?: ChatUsage;
}

export interface ChatToolCallDelta {
  index: number;
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  extra_content?: GoogleExtraContent;
}

export interface ChatDelta {
  role?: 'assistant';
  content?: string;
  refusal?: string;
  reasoning_content?: string;
  tool_calls?: ChatToolCallDelta[];
  images?: ChatImage[];
}

export interface ChatChunkChoice {
  index: number;
  delta: ChatDelta;
  finish_reason: ChatFinishReason | null;
  logprobs: null;
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: ChatChunkChoice[];
  /** Present (and `choices` empty) only on the final chunk when `stream_options.include_usage` was asked for. */
  usage?: ChatUsage | null;
}

export interface EmbeddingObject {
  object: 'embedding';
  index: number;
  /** number[] for `encoding_format: "float"`, base64 of little-endian float32 bytes for `"base64"`. */
  embedding: number[] | string;
}

export interface EmbeddingList {
  object: 'list';
  data: EmbeddingObject[];
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export interface ModelList {
  object: 'list';
  data: ModelObject[];
}
