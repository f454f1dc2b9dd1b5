import { describe, expect, it } from 'vitest';
import { GatewayError } from './gatewayError.js';
import { googleError } from '../upstream/classifyOutcome.js';

describe("errors in Anthropic's shape", () => {
  it.each([
    ['a bad request', new GatewayError(400, 'messages: Field required'), 400, 'invalid_request_error'],
    ['no token', new GatewayError(401, 'Missing gemgate client token.'), 401, 'authentication_error'],
    [
      'a policy refusal',
      new GatewayError(403, 'Model not allowed.', { code: 'model_not_allowed' }),
      403,
      'permission_error',
    ],
    ['an unknown model', new GatewayError(404, 'models/x is not found.'), 404, 'not_found_error'],
    ['too large', new GatewayError(413, 'Request body too large.'), 413, 'request_too_large'],
    [
      'every key cooling',
      new GatewayError(429, 'Rate limited.', { code: 'rate_limit_exceeded' }),
      429,
      'rate_limit_error',
    ],
    [
      'Gemini overloaded on every key',
      new GatewayError(503, 'Gemini is overloaded.', { code: 'upstream_unavailable' }),
      529,
      'overloaded_error',
    ],
    [
      "Gemini's own 503",
      new GatewayError(503, 'The model is overloaded.', {
        google: googleError(503, 'UNAVAILABLE', 'The model is overloaded.'),
      }),
      529,
      'overloaded_error',
    ],
    ['no keys at all', new GatewayError(503, 'No keys.', { code: 'no_keys' }), 503, 'api_error'],
    [
      'an incomplete answer',
      new GatewayError(502, 'Cut off.', { code: 'stream_incomplete' }),
      502,
      'api_error',
    ],
    ['a bug', new GatewayError(500, 'gemgate hit an unexpected error.'), 500, 'api_error'],
  ])('%s: %s %s', (_name, error, status, type) => {
    expect(error.statusIn('anthropic')).toBe(status);
    expect(error.body('anthropic')).toEqual({ type: 'error', error: { type, message: error.message } });
  });

  it('other dialects keep the status', () => {
    const error = new GatewayError(503, 'Gemini is overloaded.', { code: 'upstream_unavailable' });
    expect(error.statusIn('openai')).toBe(503);
    expect(error.statusIn('gemini')).toBe(503);
  });
});
