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
