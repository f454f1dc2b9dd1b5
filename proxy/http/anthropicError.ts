/**
 * An error in Anthropic's shape (https://docs.anthropic.com/en/api/errors; the SDK's ErrorResponse in
 * node_modules/@anthropic-ai/sdk/src/resources/shared.ts): `{type: "error", error: {type, message}}`,
 * the type chosen by the status, as Anthropic's API chooses it:
 *
 * | status                                         | status sent | `error.type`            |
 * | ---------------------------------------------- | ----------- | ----------------------- |
 * | 400 (and any other 4xx not below)              | as is       | `invalid_request_error` |
 * | 401                                            | 401         | `authentication_error`  |
 * | 402                                            | 402         | `billing_error`         |
 * | 403                                            | 403         | `permission_error`      |
 * | 404                                            | 404         | `not_found_error`       |
 * | 413                                            | 413         | `request_too_large`     |
 * | 429 (`retry-after` set by the failure)         | 429         | `rate_limit_error`      |
 * | Gemini overloaded everywhere (`upstream_unavailable`), or Gemini's 503 UNAVAILABLE | 529 | `overloaded_error` |
 * | 504                                            | 504         | `timeout_error`         |
 * | any other 5xx                                  | as is       | `api_error`             |
 *
 * 529 is what Anthropic's clients know as "overloaded, try again soon": the SDK and Claude Code retry
 * it with backoff, where a 503 of no known meaning might end the session.
 */
export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

export interface AnthropicErrorFacts {
  status: number;
  message: string;
  /** gemgate's error code (`upstream_unavailable`, `stream_incomplete`, …). */
  code?: string | null;
  /** Google's status name, when Gemini's own error is behind it (`UNAVAILABLE`). */
  googleStatus?: string;
}

export function anthropicStatus(facts: AnthropicErrorFacts): number {
  const overloaded =
    facts.code === 'upstream_unavailable' || (facts.status === 503 && facts.googleStatus === 'UNAVAILABLE');
  return overloaded ? 529 : facts.status;
}

export function anthropicErrorBody(facts: AnthropicErrorFacts): AnthropicErrorBody {
  return { type: 'error', error: { type: errorType(anthropicStatus(facts)), message: facts.message } };
}

const TYPES: Record<number, string> = {
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

function errorType(status: number): string {
  return TYPES[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}
