import { describe, expect, it } from 'vitest';
import { fromGoogleError } from './fromGoogleError.js';
import { randomApiKey } from '../../../test/support/keys.js';

// Bodies as the Gemini API sends them (https://ai.google.dev/gemini-api/docs/troubleshooting and
// https://cloud.google.com/apis/design/errors#error_model).
const quota429 = {
  error: {
    code: 429,
    message: 'You exceeded your current quota, please check your plan and billing details.',
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
        violations: [
          {
            quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
            quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
            quotaValue: '10',
          },
        ],
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '28.5s' },
    ],
  },
};

const invalidKey = {
  error: {
    code: 400,
    message: 'API key not valid. Please pass a valid API key.',
    status: 'INVALID_ARGUMENT',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
    ],
  },
};

describe('fromGoogleError', () => {
  it('429 -> rate_limit_error / rate_limit_exceeded with the retry delay rounded up', () => {
    expect(fromGoogleError(429, quota429)).toEqual({
      status: 429,
      retryAfterSeconds: 29,
      body: {
        error: {
          message: 'You exceeded your current quota, please check your plan and billing details.',
          type: 'rate_limit_error',
          param: null,
          code: 'rate_limit_exceeded',
        },
      },
    });
  });

  it('a bad request stays a 400 invalid_request_error with the upstream message', () => {
    const translated = fromGoogleError(400, {
      error: {
        code: 400,
        message: '* GenerateContentRequest.contents: contents is not specified',
        status: 'INVALID_ARGUMENT',
      },
    });
    expect(translated.status).toBe(400);
    expect(translated.body.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'invalid_argument',
      message: '* GenerateContentRequest.contents: contents is not specified',
    });
  });

  it("an invalid upstream key is an authentication error, not the client's bad request", () => {
    const translated = fromGoogleError(400, invalidKey);
    expect(translated.status).toBe(401);
    expect(translated.body.error.type).toBe('authentication_error');
    expect(translated.body.error.message).toContain('upstream API key');
  });

  it.each([
    [401, 401, 'authentication_error'],
    [403, 403, 'permission_error'],
    [404, 404, 'not_found_error'],
    [500, 500, 'api_error'],
    [503, 503, 'api_error'],
    [504, 504, 'api_error'],
    [499, 500, 'api_error'],
    [409, 409, 'invalid_request_error'],
  ])('HTTP %i -> %i %s', (upstream, status, type) => {
    const translated = fromGoogleError(upstream, { error: { code: upstream, message: 'x', status: 'X' } });
    expect(translated.status).toBe(status);
    expect(translated.body.error.type).toBe(type);
  });

  it('names a missing model as model_not_found', () => {
    const translated = fromGoogleError(404, {
      error: {
        code: 404,
        message: 'models/gemini-9 is not found for API version v1beta',
        status: 'NOT_FOUND',
      },
    });
    expect(translated.body.error.code).toBe('model_not_found');
  });

  it("503 overloaded keeps Google's words", () => {
    const translated = fromGoogleError(503, {
      error: {
        code: 503,
        message: 'The model is overloaded. Please try again later.',
        status: 'UNAVAILABLE',
      },
    });
    expect(translated.body.error).toEqual({
      message: 'The model is overloaded. Please try again later.',
      type: 'api_error',
      param: null,
      code: 'server_error',
    });
  });

  it('never passes on a key, in the message or in a URL', () => {
    const key = randomApiKey(); // generated: nothing shaped like a real key is committed
    const translated = fromGoogleError(400, {
      error: {
        code: 400,
        message: `Key ${key} rejected for https://x/v1beta/models?key=${key}&alt=sse`,
        status: 'X',
      },
    });
    expect(JSON.stringify(translated)).not.toContain(key);
    expect(JSON.stringify(translated)).not.toContain(key.slice(4, 30));
  });

  it('copes with array-wrapped errors, plain text and empty bodies', () => {
    expect(
      fromGoogleError(500, [{ error: { code: 500, message: 'Internal error', status: 'INTERNAL' } }]).body
        .error.message,
    ).toBe('Internal error');
    expect(fromGoogleError(502, '<html>Bad Gateway</html>').body.error.message).toBe(
      '<html>Bad Gateway</html>',
    );
    expect(fromGoogleError(500, undefined).body.error.message).toBe('Gemini answered HTTP 500.');
  });
});
