/**
 * What an OpenAI-compatible service sends, as far as gemgate reads it. Chunks are relayed as the
 * service wrote them, so these types name only the fields gemgate looks at and keep the rest.
 * Shapes: OpenAI's Chat Completions reference (https://platform.openai.com/docs/api-reference/chat),
 * which DashScope's compatible mode follows (https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope).
 */

/** Token counts of one call. DashScope, DeepSeek and OpenAI all report these names. */
export interface ChatUsageWire {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  /** Prompt tokens served from the service's context cache (billed at its cached rate). */
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  /** Reasoning ("thinking") tokens, included in completion_tokens. */
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
  [field: string]: unknown;
}

export interface ChatDeltaWire {
  role?: string | null;
  content?: string | null;
  /** Thinking text, before the answer (DashScope's and DeepSeek's thinking models). */
  reasoning_content?: string | null;
  tool_calls?: unknown[] | null;
  function_call?: unknown;
  [field: string]: unknown;
}

export interface ChatChoiceWire {
  index?: number;
  delta?: ChatDeltaWire;
  finish_reason?: string | null;
  [field: string]: unknown;
}

/** One `data:` event of a streamed answer (`chat.completion.chunk`). */
export interface ChatChunkWire {
  id?: string;
  object?: string;
  created?: number;
  model?: string;
  choices?: ChatChoiceWire[];
  /** With stream_options.include_usage: null on every chunk but a last one whose choices are []. */
  usage?: ChatUsageWire | null;
  [field: string]: unknown;
}

/**
 * An error answer. OpenAI-style services put it under `error`; DashScope's compatible mode does
 * too and adds `request_id`, while its native endpoints put `code` and `message` at the top
 * (https://www.alibabacloud.com/help/en/model-studio/error-code): both are read.
 */
export interface ProviderErrorWire {
  error?: {
    message?: string;
    type?: string | null;
    code?: string | number | null;
    param?: string | null;
  };
  code?: string;
  message?: string;
  request_id?: string;
}

export function isProviderErrorBody(value: unknown): value is ProviderErrorWire {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const body = value as { error?: unknown; code?: unknown; message?: unknown };
  if (typeof body.error === 'object' && body.error !== null) return true;
  return typeof body.code === 'string' && typeof body.message === 'string';
}

/** The error's code and message wherever the service put them. */
export function errorFacts(body: ProviderErrorWire | undefined): { code: string; message: string } {
  const code = body?.error?.code ?? body?.code ?? '';
  return { code: String(code), message: body?.error?.message ?? body?.message ?? '' };
}
