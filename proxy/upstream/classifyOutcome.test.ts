import { describe, expect, it } from 'vitest';
import type { GoogleErrorBody } from '../gemini/types.js';
import { classifyFailure, type UpstreamVerdict } from './classifyOutcome.js';
import {
  consumerSuspended,
  keyLeaked,
  modelNotFound,
  modelRetired,
  overloaded,
  quotaExceeded,
  serviceDisabled,
  spendCapExceeded,
  termsOfServiceViolation,
} from '../../test/emulator/errors.js';

const denied = (message: string, details?: GoogleErrorBody['error']['details']): GoogleErrorBody => ({
  error: { code: 403, message, status: 'PERMISSION_DENIED', ...(details ? { details } : {}) },
});

describe('classifyFailure, 403s', () => {
  it('takes a suspended, leaked or disabled key for the key', () => {
    const suspended = denied("Permission denied: Consumer 'api_key:x' has been suspended.", [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CONSUMER_SUSPENDED' },
    ]);
    expect(classifyFailure(403, suspended)).toEqual({
      kind: 'key-denied',
      reason: 'CONSUMER_SUSPENDED',
      quarantined: true,
    });
    // Sent without details (continuedev/continue#11541): still the key's.
    expect(
      classifyFailure(403, denied('Your API key was reported as leaked. Please use another API key.')),
    ).toEqual({ kind: 'key-denied', reason: 'PERMISSION_DENIED' });
  });

  it("takes a file, cache or tuned model of another project for the request's, not the key's", () => {
    for (const message of [
      'You do not have permission to access the File 4vq3t8x2 or it may not exist.',
      'CachedContent not found (or permission denied)',
      'You do not have permission to access tuned model tunedModels/abc.',
    ]) {
      expect(classifyFailure(403, denied(message))).toEqual({ kind: 'resource-denied', status: 403 });
    }
  });

  it('keeps a resource-sounding message with an ErrorInfo reason on the key', () => {
    const disabled = denied('You do not have permission to access the File x: SERVICE_DISABLED', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'SERVICE_DISABLED' },
    ]);
    expect(classifyFailure(403, disabled).kind).toBe('key-denied');
  });
});

describe('classifyFailure, 429s', () => {
  const quotaBody = (limit: number, quotaId: string): GoogleErrorBody => ({
    error: {
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: `You exceeded your current quota.\n* Quota exceeded for metric: generativelanguage.googleapis.com/generate_content_free_tier_requests, limit: ${limit}, model: gemini-2.5-pro\nPlease retry in 11.1s.`,
      details: [
        {
          '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
          violations: [{ quotaId, quotaValue: String(limit) }],
        },
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '11s' },
      ],
    },
  });

  it('cools a project down for exactly the retryDelay when it ran out of its quota', () => {
    expect(
      classifyFailure(429, quotaBody(5, 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier')),
    ).toEqual({
      kind: 'rate-limited',
      scope: 'minute',
      retryAfterMs: 11_000,
      quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
      learned: [
        {
          field: 'rpm',
          value: 5,
          tier: 'FreeTier',
          quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
          model: null,
        },
      ],
    });
  });

  it('leaves a project with no quota at all for the model (limit 0) alone for an hour', () => {
    expect(
      classifyFailure(429, quotaBody(0, 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier')),
    ).toMatchObject({
      scope: 'minute',
      retryAfterMs: 60 * 60_000,
    });
    // Said only in the message (the violations carry no quotaValue): the same.
    const wordsOnly = quotaBody(0, 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier');
    delete wordsOnly.error.details![0]!.violations![0]!.quotaValue;
    expect(classifyFailure(429, wordsOnly)).toMatchObject({ retryAfterMs: 60 * 60_000 });
    // "limit: 50" is not "limit: 0".
    expect(
      classifyFailure(429, quotaBody(50, 'GenerateRequestsPerDayPerProjectPerModel-FreeTier')),
    ).toMatchObject({
      scope: 'day',
      retryAfterMs: 11_000,
    });
  });
});

/**
 * Each class of error from the body Google sends (the emulator's builders, each citing where its
 * body was copied from), and what the pool is told to do about it.
 */
describe('classifyFailure, by the body Google sends', () => {
  const KEY = 'AIzaSyExampleExampleExampleExample123';
  const cases: Array<[string, number, GoogleErrorBody, Partial<UpstreamVerdict>]> = [
    [
      'per-minute quota: cool for the retryDelay, learn the rpm',
      429,
      quotaExceeded('rpm', 'gemini-2.5-flash', 5, 31_000),
      { kind: 'rate-limited', scope: 'minute', retryAfterMs: 31_000 },
    ],
    [
      'per-day quota: day scope (the pool cools till Pacific midnight), learn the rpd',
      429,
      quotaExceeded('rpd', 'gemini-2.5-flash', 3, 38_000),
      { kind: 'rate-limited', scope: 'day', retryAfterMs: 38_000 },
    ],
    [
      'per-day quota without RetryInfo: day scope, no delay of its own',
      429,
      quotaExceeded('rpd', 'gemini-2.5-flash', 20, null),
      { kind: 'rate-limited', scope: 'day', retryAfterMs: null },
    ],
    [
      'input tokens per minute: learn the tpm',
      429,
      quotaExceeded('tpm', 'gemini-2.5-flash', 250_000, 12_000),
      { kind: 'rate-limited', scope: 'minute' },
    ],
    [
      "the project's monthly spending cap",
      429,
      spendCapExceeded('project-monthly'),
      { kind: 'spend-capped', cap: 'project-monthly' },
    ],
    [
      "the billing account's monthly spending cap",
      429,
      spendCapExceeded('billing-monthly'),
      { kind: 'spend-capped', cap: 'billing-monthly' },
    ],
    ['prepaid credits depleted', 429, spendCapExceeded('prepay'), { kind: 'spend-capped', cap: 'prepay' }],
    [
      'prepaid credits depleted, said with a 402',
      402,
      { error: { ...spendCapExceeded('prepay').error, code: 402 } },
      { kind: 'spend-capped', cap: 'prepay' },
    ],
    [
      'a suspended consumer: quarantine the key',
      403,
      consumerSuspended(KEY, '895908428397'),
      { kind: 'key-denied', reason: 'CONSUMER_SUSPENDED', quarantined: true },
    ],
    [
      'terms of service, ErrorInfo TOS_VIOLATION: quarantine the key',
      403,
      termsOfServiceViolation(),
      { kind: 'key-denied', reason: 'TOS_VIOLATION', quarantined: true },
    ],
    [
      'terms of service, said in the message alone: quarantine the key',
      403,
      termsOfServiceViolation(false),
      { kind: 'key-denied', reason: 'TOS_VIOLATION', quarantined: true },
    ],
    [
      'a leaked key: dead, not quarantined',
      403,
      keyLeaked(),
      { kind: 'key-denied', reason: 'PERMISSION_DENIED' },
    ],
    [
      'the API disabled in the project: dead, not quarantined',
      403,
      serviceDisabled('my-project'),
      { kind: 'key-denied', reason: 'SERVICE_DISABLED' },
    ],
    [
      'overloaded: nobody in the pool is at fault',
      503,
      overloaded(),
      { kind: 'upstream-unavailable', status: 503 },
    ],
    [
      'a retired model',
      404,
      modelRetired('gemini-2.0-flash'),
      { kind: 'not-found', model: 'gemini-2.0-flash', retired: true },
    ],
    [
      'a retired model, its successor named',
      404,
      modelRetired('gemini-2.5-flash', 'gemini-3.6-flash'),
      { kind: 'not-found', model: 'gemini-2.5-flash', retired: true },
    ],
    [
      'an unknown model',
      404,
      modelNotFound('gemini-9-ultra', 'v1beta', 'generateContent'),
      { kind: 'not-found', model: 'gemini-9-ultra', retired: false },
    ],
  ];

  for (const [what, status, body, verdict] of cases) {
    it(what, () => {
      const got = classifyFailure(status, body);
      expect(got).toMatchObject(verdict);
      if (got.kind === 'key-denied' && !('quarantined' in verdict)) expect(got.quarantined).toBeUndefined();
    });
  }

  it('hands the pool the limits each quota 429 states', () => {
    const learned = (body: GoogleErrorBody) => {
      const verdict = classifyFailure(429, body);
      return verdict.kind === 'rate-limited' ? verdict.learned : undefined;
    };
    expect(learned(quotaExceeded('rpd', 'gemini-2.5-flash', 3, 38_000))).toEqual([
      {
        field: 'rpd',
        value: 3,
        tier: 'FreeTier',
        quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
        model: 'gemini-2.5-flash',
      },
    ]);
    expect(learned(quotaExceeded('tpm', 'gemini-2.5-flash', 250_000, 1000))).toMatchObject([
      { field: 'tpm', value: 250_000 },
    ]);
    // "0": the model is not on this tier; that is a cooldown, not a limit to plan with.
    expect(learned(quotaExceeded('rpd', 'gemini-2.5-pro', 0, 1000))).toEqual([]);
  });
});
