import { describe, expect, it } from 'vitest';
import { classifyInteractionFailure } from './classifyInteractionFailure.js';
import { parseRetryAfter as retryAfterMsOf } from '../retryAfter.js';

const interactionsError = (code: string) => ({ error: { message: 'Something about it.', code } });

describe('a failed Interactions call: whose fault, and what the pool does', () => {
  it.each([
    [
      429,
      interactionsError('resource_exhausted'),
      { kind: 'rate-limited', scope: 'unknown', retryAfterMs: null, quotaId: null },
    ],
    [401, interactionsError('unauthenticated'), { kind: 'key-invalid', reason: 'unauthenticated' }],
    [403, interactionsError('permission_denied'), { kind: 'resource-denied', status: 403 }],
    [404, interactionsError('not_found'), { kind: 'not-found', status: 404 }],
    [400, interactionsError('invalid_request'), { kind: 'client-error', status: 400 }],
    [409, interactionsError('failed_precondition'), { kind: 'client-error', status: 409 }],
    [500, interactionsError('internal'), { kind: 'upstream-unavailable', status: 500 }],
    [501, interactionsError('not_implemented'), { kind: 'upstream-unavailable', status: 501 }],
    [503, undefined, { kind: 'upstream-unavailable', status: 503 }],
    [408, undefined, { kind: 'upstream-unavailable', status: 408 }],
  ])('HTTP %i in the Interactions envelope', (status, body, verdict) => {
    expect(classifyInteractionFailure(status, body)).toEqual(verdict);
  });

  it('reads Google front-end errors as generateContent does: quota ids, retry delays, dead keys', () => {
    const quota = {
      error: {
        code: 429,
        message: 'You exceeded your current quota.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
            violations: [
              { quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', quotaValue: '10' },
            ],
          },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '29s' },
        ],
      },
    };
    expect(classifyInteractionFailure(429, quota)).toEqual({
      kind: 'rate-limited',
      scope: 'minute',
      retryAfterMs: 29_000,
      quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
      // The violation's quotaValue teaches the pool this project's real limit.
      learned: [
        {
          field: 'rpm',
          model: null,
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
          tier: 'FreeTier',
          value: 10,
        },
      ],
    });
    const invalid = {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }],
      },
    };
    expect(classifyInteractionFailure(400, invalid)).toEqual({
      kind: 'key-invalid',
      reason: 'API_KEY_INVALID',
    });
  });

  it('takes a 429 without RetryInfo at its Retry-After word', () => {
    expect(
      classifyInteractionFailure(429, interactionsError('resource_exhausted'), retryAfterMsOf('7')),
    ).toMatchObject({
      kind: 'rate-limited',
      retryAfterMs: 7000,
    });
    expect(retryAfterMsOf(undefined)).toBeNull();
    expect(retryAfterMsOf('soon')).toBeNull();
    expect(retryAfterMsOf('Thu, 01 Jan 2026 00:00:10 GMT', Date.UTC(2026, 0, 1))).toBe(10_000);
  });
});
