import { describe, expect, it } from 'vitest';
import type { GoogleErrorBody } from '../gemini/types.js';
import { classifyFailure } from './classifyOutcome.js';

const denied = (message: string, details?: GoogleErrorBody['error']['details']): GoogleErrorBody => ({
  error: { code: 403, message, status: 'PERMISSION_DENIED', ...(details ? { details } : {}) },
});

describe('classifyFailure, 403s', () => {
  it('takes a suspended, leaked or disabled key for the key', () => {
    const suspended = denied("Permission denied: Consumer 'api_key:x' has been suspended.", [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'CONSUMER_SUSPENDED' },
    ]);
    expect(classifyFailure(403, suspended)).toEqual({ kind: 'key-denied', reason: 'CONSUMER_SUSPENDED' });
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
