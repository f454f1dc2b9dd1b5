import { NO_QUOTA_COOLDOWN_MS, type UpstreamVerdict } from '../classifyOutcome.js';
import { errorFacts, type ProviderErrorWire } from './chatWire.js';
import { parseRetryAfter } from '../retryAfter.js';

/**
 * What an OpenAI-compatible service's error means for the key, its account and the client, from
 * the status, the error's code and `Retry-After`. The codes are DashScope's
 * (https://www.alibabacloud.com/help/en/model-studio/error-code; its rate limits:
 * https://www.alibabacloud.com/help/en/model-studio/rate-limit), OpenAI's
 * (https://platform.openai.com/docs/guides/error-codes) and DeepSeek's
 * (https://api-docs.deepseek.com/quick_start/error_codes); any other service answering with the
 * same statuses is judged by the status alone.
 *
 * | status | code                                                           | verdict                                     |
 * | ------ | -------------------------------------------------------------- | ------------------------------------------- |
 * | 401    | any (InvalidApiKey, invalid_api_key; DeepSeek "Authentication Fails") | key-invalid                          |
 * | 402    | any (DeepSeek "Insufficient Balance")                          | key-denied: the account has no money left   |
 * | 400    | Arrearage (DashScope: the account is overdue)                  | key-denied                                  |
 * | 429    | PrepaidBillOverdue, PostpaidBillOverdue                        | key-denied                                  |
 * | 403    | Model.AccessDenied, AccessDenied.Unpurchased, AllocationQuota.* | rate-limited for an hour, this model only: the account may not use it |
 * | 429    | CommodityNotPurchased                                          | rate-limited for an hour, this model only   |
 * | 429    | "Free allocated quota exceeded" (Throttling.AllocationQuota)   | rate-limited for an hour, this model only: the free quota is spent |
 * | 403    | any other (AccessDenied, Workspace.AccessDenied, unsupported_country_region_territory) | key-denied |
 * | 429    | any other (Throttling, Throttling.RateQuota, Throttling.AllocationQuota, LimitRequests, limit_requests, insufficient_quota, rate_limit_exceeded) | rate-limited per minute, for `Retry-After` when sent (DashScope's limits "recover within one minute") |
 * | 404    | any                                                            | not-found                                   |
 * | 408, 5xx | any (InternalError, ModelUnavailable, ...)                   | upstream-unavailable                        |
 * | other  | any (InvalidParameter, DataInspectionFailed, ...)              | client-error: back to the client            |
 */
export function classifyProviderFailure(
  status: number,
  body: ProviderErrorWire | undefined,
  retryAfter?: string | string[],
  now = Date.now(),
): UpstreamVerdict {
  const { code, message } = errorFacts(body);
  const reason = code || `HTTP ${status}`;
  if (status === 401) return { kind: 'key-invalid', reason };
  if (status === 402) return { kind: 'key-denied', reason: code || 'insufficient_balance' };
  if (status === 400 && code === 'Arrearage') return { kind: 'key-denied', reason };
  if (status === 429 && /^(Prepaid|Postpaid)BillOverdue$/.test(code)) return { kind: 'key-denied', reason };
  if (
    (status === 403 && /^(Model\.AccessDenied|AccessDenied\.Unpurchased|AllocationQuota\.)/.test(code)) ||
    (status === 429 && (code === 'CommodityNotPurchased' || /free allocated quota/i.test(message)))
  ) {
    return { kind: 'rate-limited', scope: 'unknown', retryAfterMs: NO_QUOTA_COOLDOWN_MS, quotaId: reason };
  }
  if (status === 403) return { kind: 'key-denied', reason };
  if (status === 429) {
    return {
      kind: 'rate-limited',
      scope: 'minute',
      retryAfterMs: parseRetryAfter(retryAfter, now),
      quotaId: code || null,
    };
  }
  if (status === 404) return { kind: 'not-found', status };
  if (status >= 500 || status === 408) return { kind: 'upstream-unavailable', status };
  return { kind: 'client-error', status };
}
