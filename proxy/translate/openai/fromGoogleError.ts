import { maskApiKeysIn } from '../../util/apiKey.js';
import type { GoogleErrorBody, GoogleErrorDetail } from '../../gemini/types.js';
import type { OpenAIErrorBody, OpenAIErrorType } from './types.js';

export interface TranslatedError {
  /** The HTTP status to answer the OpenAI client with. */
  status: number;
  body: OpenAIErrorBody;
  /** From google.rpc.RetryInfo on 429s, for a Retry-After header. */
  retryAfterSeconds?: number;
}

/**
 * A Google API error (HTTP status + `{error:{code,message,status,details}}`) -> OpenAI's error body
 * and status. Used when Gemini's failure is passed on to the client (after the key pool gave up,
 * or for the client's own bad request).
 *
 * | Gemini                                | OpenAI status / type / code                             |
 * |---------------------------------------|---------------------------------------------------------|
 * | 400 with ErrorInfo API_KEY_INVALID    | 401 authentication_error invalid_api_key                |
 * | 400 INVALID_ARGUMENT etc.             | 400 invalid_request_error, code = Google status         |
 * | 401 UNAUTHENTICATED                   | 401 authentication_error invalid_api_key                |
 * | 403 PERMISSION_DENIED                 | 403 permission_error permission_denied                  |
 * | 404 NOT_FOUND                         | 404 not_found_error model_not_found (or not_found)      |
 * | 413                                   | 413 invalid_request_error request_too_large             |
 * | 429 RESOURCE_EXHAUSTED                | 429 rate_limit_error rate_limit_exceeded (+ retry-after)|
 * | 499 CANCELLED                         | 500 api_error server_error                              |
 * | 500 / 503 / other 5xx                 | same status, api_error server_error                     |
 * | 504 DEADLINE_EXCEEDED                 | 504 api_error timeout                                   |
 * | other 4xx                             | same status, invalid_request_error                      |
 *
 * An invalid key is Gemini's 400 but not the client's mistake: as a 400, clients would show "bad
 * request" and keep retrying the same thing; as 401 they say the key is wrong, which it is, and the
 * message says it was gemgate's upstream key.
 *
 * The upstream message is kept (it is usually the most useful thing a user can read), but anything
 * that looks like a Gemini API key, or a `key=` query parameter, is redacted first.
 */
export function fromGoogleError(httpStatus: number, body: unknown): TranslatedError {
  const error = extractError(body);
  const message = redactKeys(error?.message?.trim() || `Gemini answered HTTP ${httpStatus}.`);
  const googleStatus = typeof error?.status === 'string' ? error.status : undefined;
  const details = Array.isArray(error?.details) ? error.details : [];

  const reply = (
    status: number,
    type: OpenAIErrorType,
    code: string | null,
    text = message,
  ): TranslatedError => ({
    status,
    body: { error: { message: text, type, param: null, code } },
  });

  if (httpStatus === 400 && hasReason(details, 'API_KEY_INVALID')) {
    return reply(
      401,
      'authentication_error',
      'invalid_api_key',
      `Gemini rejected gemgate's upstream API key: ${message}`,
    );
  }
  if (httpStatus === 429) {
    const translated = reply(429, 'rate_limit_error', 'rate_limit_exceeded');
    const retryAfter = retryDelaySeconds(details);
    if (retryAfter !== undefined) translated.retryAfterSeconds = retryAfter;
    return translated;
  }
  switch (httpStatus) {
    case 400:
      return reply(400, 'invalid_request_error', googleStatus?.toLowerCase() ?? null);
    case 401:
      return reply(401, 'authentication_error', 'invalid_api_key');
    case 403:
      return reply(403, 'permission_error', 'permission_denied');
    case 404:
      return reply(404, 'not_found_error', /model/i.test(message) ? 'model_not_found' : 'not_found');
    case 413:
      return reply(413, 'invalid_request_error', 'request_too_large');
    case 499:
      return reply(500, 'api_error', 'server_error');
    case 504:
      return reply(504, 'api_error', 'timeout');
  }
  if (httpStatus >= 500) return reply(httpStatus, 'api_error', 'server_error');
  if (httpStatus >= 400)
    return reply(httpStatus, 'invalid_request_error', googleStatus?.toLowerCase() ?? null);
  // Not an HTTP error status at all (a caller bug or a malformed upstream answer): still a server fault.
  return reply(502, 'api_error', 'bad_gateway');
}

/** Google sends `{error}`; streamed errors sometimes come as `[{error}]`; proxies send text. */
function extractError(body: unknown): Partial<GoogleErrorBody['error']> | undefined {
  const candidate = Array.isArray(body) ? body[0] : body;
  if (typeof candidate === 'string') {
    try {
      return extractError(JSON.parse(candidate));
    } catch {
      return { message: candidate.slice(0, 500) };
    }
  }
  if (candidate && typeof candidate === 'object' && 'error' in candidate) {
    const error = (candidate as { error: unknown }).error;
    if (error && typeof error === 'object') return error as Partial<GoogleErrorBody['error']>;
  }
  return undefined;
}

function hasReason(details: GoogleErrorDetail[], reason: string): boolean {
  return details.some((d) => d['@type']?.endsWith('google.rpc.ErrorInfo') && d.reason === reason);
}

/** RetryInfo.retryDelay is a protobuf Duration in JSON: "29s", "1.5s". */
function retryDelaySeconds(details: GoogleErrorDetail[]): number | undefined {
  const info = details.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'));
  const match = typeof info?.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(info.retryDelay) : null;
  return match ? Math.ceil(Number(match[1])) : undefined;
}

export function redactKeys(text: string): string {
  return maskApiKeysIn(text, () => 'AIza…[redacted]').replace(/([?&]key=)[^&\s"']+/g, '$1[redacted]');
}
