import type { GoogleErrorBody } from '../gemini/types.js';
import { redactSecrets } from '../log/redact.js';
import { anthropicErrorBody, anthropicStatus, type AnthropicErrorFacts } from './anthropicError.js';

/**
 * Whose error envelope a client reads: Google's (google.rpc.Status), OpenAI's, Anthropic's, or the
 * Interactions API's.
 */
export type Dialect = 'gemini' | 'openai' | 'anthropic' | 'interactions';

/** gRPC status names Google uses for each HTTP status (https://cloud.google.com/apis/design/errors#handling_errors). */
const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  405: 'INVALID_ARGUMENT',
  409: 'ABORTED',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/**
 * The Interactions API's own error codes by status (its envelope `{error: {message, code}}` carries a
 * lower-case string code: `invalid_request`, `not_found`; see upstream/interactions/interactionWire.ts).
 */
const INTERACTION_CODE: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'failed_precondition',
  413: 'invalid_request',
  429: 'resource_exhausted',
  499: 'cancelled',
  500: 'internal',
  501: 'not_implemented',
  502: 'unavailable',
  503: 'unavailable',
  504: 'deadline_exceeded',
};

/** OpenAI's error `type` for each status (https://platform.openai.com/docs/guides/error-codes). */
function openAiType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

export interface GatewayErrorOptions {
  /** OpenAI's `param`: the request field at fault. */
  param?: string | null;
  /** OpenAI's `code`, e.g. `invalid_api_key`, `rate_limit_exceeded`, `model_not_found`. */
  code?: string | null;
  /** The upstream's own error body, passed through as-is in the Gemini dialect. */
  google?: GoogleErrorBody;
  /** The Interactions service's own error body (its envelope), passed through as-is to its clients. */
  interactions?: { error: Record<string, unknown> };
  headers?: Record<string, string>;
}

/** An error to show the client, rendered in whichever dialect the client speaks. */
export class GatewayError extends Error {
  override name = 'GatewayError';

  constructor(
    readonly status: number,
    message: string,
    readonly options: GatewayErrorOptions = {},
  ) {
    super(redactSecrets(message));
  }

  toGoogle(): GoogleErrorBody {
    if (this.options.google)
      return JSON.parse(redactSecrets(JSON.stringify(this.options.google))) as GoogleErrorBody;
    return {
      error: { code: this.status, message: this.message, status: GOOGLE_STATUS[this.status] ?? 'UNKNOWN' },
    };
  }

  toOpenAI(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return {
      error: {
        message: this.message,
        type: openAiType(this.status),
        param: this.options.param ?? null,
        code: this.options.code ?? null,
      },
    };
  }

  /** Anthropic's shape (anthropicError.ts). */
  toAnthropic(): ReturnType<typeof anthropicErrorBody> {
    return anthropicErrorBody(this.anthropicFacts());
  }

  /**
   * The Interactions API's envelope: the service's own body when it sent one; Google's front-end
   * error (keys, quota) in its own envelope, as the API answers it; else gemgate's words in the
   * Interactions shape.
   */
  toInteractions(): unknown {
    if (this.options.interactions)
      return JSON.parse(redactSecrets(JSON.stringify(this.options.interactions)));
    if (this.options.google) return this.toGoogle();
    return {
      error: { message: this.message, code: this.options.code ?? INTERACTION_CODE[this.status] ?? 'unknown' },
    };
  }

  body(dialect: Dialect): unknown {
    if (dialect === 'anthropic') return this.toAnthropic();
    if (dialect === 'interactions') return this.toInteractions();
    return dialect === 'gemini' ? this.toGoogle() : this.toOpenAI();
  }

  /** The status a dialect's client gets: Anthropic's know an overloaded upstream as 529. */
  statusIn(dialect: Dialect): number {
    return dialect === 'anthropic' ? anthropicStatus(this.anthropicFacts()) : this.status;
  }

  private anthropicFacts(): AnthropicErrorFacts {
    return {
      status: this.status,
      message: this.message,
      code: this.options.code,
      googleStatus: this.options.google?.error.status,
    };
  }
}
