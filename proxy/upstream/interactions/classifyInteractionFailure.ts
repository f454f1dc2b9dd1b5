import { classifyFailure, isGoogleErrorBody, type UpstreamVerdict } from '../classifyOutcome.js';
import { isInteractionErrorBody } from './interactionWire.js';

/**
 * What a failed Interactions call means for the key, the project and the client. Two envelopes come
 * back from /interactions: Google's front end answers key and quota problems in `google.rpc.Status`
 * (numeric `code`, `details` with ErrorInfo, QuotaFailure and RetryInfo), read exactly as for
 * generateContent; the Interactions service answers its own errors as `{error: {code: "not_found",
 * message}}` (a string code; googleapis/python-genai#2985, allenhutchison/gemini-cli-deep-research#73),
 * read by status:
 *
 * | status (Interactions envelope) | verdict                | why                                                  |
 * | ------------------------------ | ---------------------- | ---------------------------------------------------- |
 * | 429                            | rate-limited (unknown) | quota of the project; `Retry-After` when it says     |
 * | 401                            | key-invalid            | the key itself was refused                           |
 * | 403                            | resource-denied        | this project may not use it (an agent, a model): another project may, the key is fine |
 * | 404                            | not-found              | the interaction, model or agent is not there: the client's to hear |
 * | 408, 5xx                       | upstream-unavailable   | Google's trouble: another project, never the key's fault |
 * | any other 4xx                  | client-error           | the request itself is wrong                          |
 */
export function classifyInteractionFailure(
  status: number,
  body: unknown,
  retryAfterMs: number | null = null,
): UpstreamVerdict {
  if (isGoogleErrorBody(body)) return classifyFailure(status, body);
  if (status === 429) {
    return { kind: 'rate-limited', scope: 'unknown', retryAfterMs, quotaId: null };
  }
  if (status === 401) return { kind: 'key-invalid', reason: codeOf(body) ?? 'UNAUTHENTICATED' };
  if (status === 403) return { kind: 'resource-denied', status: 403 };
  if (status === 404) return { kind: 'not-found', status: 404 };
  if (status >= 500 || status === 408) return { kind: 'upstream-unavailable', status };
  return { kind: 'client-error', status };
}

function codeOf(body: unknown): string | undefined {
  const code = isInteractionErrorBody(body) ? body.error.code : undefined;
  return typeof code === 'string' ? code : undefined;
}
