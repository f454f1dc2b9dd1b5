import { describe, expect, it } from 'vitest';
import { NO_QUOTA_COOLDOWN_MS } from '../classifyOutcome.js';
import { classifyProviderFailure } from './classifyProviderFailure.js';
import { parseRetryAfter } from '../retryAfter.js';

const NOW = Date.UTC(2026, 11, 3, 12);
// DashScope's compatible-mode error body (https://www.alibabacloud.com/help/en/model-studio/error-code).
const dashscope = (code: string, message = 'm') => ({
  error: { message, type: code, param: null, code },
  request_id: 'r-1',
});
// DashScope's native endpoints put code and message at the top.
const native = (code: string, message = 'm') => ({ code, message, request_id: 'r-1' });

describe("classifyProviderFailure: what a provider's error means for the key and the client", () => {
  it.each([
    ['401 InvalidApiKey', 401, dashscope('InvalidApiKey'), { kind: 'key-invalid', reason: 'InvalidApiKey' }],
    [
      "OpenAI's 401 invalid_api_key",
      401,
      dashscope('invalid_api_key'),
      { kind: 'key-invalid', reason: 'invalid_api_key' },
    ],
    ['401 without a body', 401, undefined, { kind: 'key-invalid', reason: 'HTTP 401' }],
    [
      "DeepSeek's 402 Insufficient Balance",
      402,
      undefined,
      { kind: 'key-denied', reason: 'insufficient_balance' },
    ],
    [
      '400 Arrearage (account overdue)',
      400,
      native('Arrearage'),
      { kind: 'key-denied', reason: 'Arrearage' },
    ],
    [
      '429 PrepaidBillOverdue',
      429,
      dashscope('PrepaidBillOverdue'),
      { kind: 'key-denied', reason: 'PrepaidBillOverdue' },
    ],
    ['403 AccessDenied', 403, dashscope('AccessDenied'), { kind: 'key-denied', reason: 'AccessDenied' }],
    [
      '403 Model.AccessDenied: this model only, for an hour',
      403,
      dashscope('Model.AccessDenied'),
      {
        kind: 'rate-limited',
        scope: 'unknown',
        retryAfterMs: NO_QUOTA_COOLDOWN_MS,
        quotaId: 'Model.AccessDenied',
      },
    ],
    [
      '429 free quota spent',
      429,
      dashscope('Throttling.AllocationQuota', 'Free allocated quota exceeded.'),
      {
        kind: 'rate-limited',
        scope: 'unknown',
        retryAfterMs: NO_QUOTA_COOLDOWN_MS,
        quotaId: 'Throttling.AllocationQuota',
      },
    ],
    [
      '429 Throttling.RateQuota without Retry-After',
      429,
      dashscope('Throttling.RateQuota'),
      { kind: 'rate-limited', scope: 'minute', retryAfterMs: null, quotaId: 'Throttling.RateQuota' },
    ],
    [
      '429 Throttling.AllocationQuota (tokens per minute)',
      429,
      dashscope('Throttling.AllocationQuota', 'Allocated quota exceeded, please increase your quota limit.'),
      { kind: 'rate-limited', scope: 'minute', retryAfterMs: null, quotaId: 'Throttling.AllocationQuota' },
    ],
    [
      "DashScope's 429 insufficient_quota (TPM)",
      429,
      dashscope('insufficient_quota'),
      { kind: 'rate-limited', scope: 'minute', retryAfterMs: null, quotaId: 'insufficient_quota' },
    ],
    ['404 ModelNotFound', 404, dashscope('ModelNotFound'), { kind: 'not-found', status: 404 }],
    ['500 InternalError', 500, dashscope('InternalError'), { kind: 'upstream-unavailable', status: 500 }],
    [
      '503 ModelUnavailable',
      503,
      dashscope('ModelUnavailable'),
      { kind: 'upstream-unavailable', status: 503 },
    ],
    ['408 RequestTimeOut', 408, dashscope('RequestTimeOut'), { kind: 'upstream-unavailable', status: 408 }],
    ['400 InvalidParameter', 400, dashscope('InvalidParameter'), { kind: 'client-error', status: 400 }],
    [
      '400 DataInspectionFailed',
      400,
      dashscope('DataInspectionFailed'),
      { kind: 'client-error', status: 400 },
    ],
  ])('%s', (_name, status, body, verdict) => {
    expect(classifyProviderFailure(status, body, undefined, NOW)).toEqual(verdict);
  });

  it('cools a rate-limited account for as long as Retry-After says', () => {
    expect(classifyProviderFailure(429, dashscope('Throttling'), '17', NOW)).toMatchObject({
      retryAfterMs: 17_000,
    });
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['seconds', '30', 30_000],
    ['fractional seconds', '1.5', 1500],
    ['an HTTP date', new Date(NOW + 5000).toUTCString(), 5000],
    ['a date gone by', new Date(NOW - 5000).toUTCString(), 0],
    ['nonsense', 'soon', null],
    ['nothing', undefined, null],
  ])('%s', (_name, value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });
});
