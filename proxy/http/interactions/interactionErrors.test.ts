import { describe, expect, it } from 'vitest';
import { OwnerUnavailable, PolicyRefusal } from '../../failures/failures.js';
import { InteractionUpstreamFailure, UnknownInteraction } from '../../failures/interactionFailures.js';
import { classifyInteractionFailure } from '../../upstream/interactions/classifyInteractionFailure.js';
import { clientErrorOf } from '../clientError.js';

const NOW = Date.UTC(2026, 8, 1, 12);
/** What a client of the Interactions API is shown: status, body, Retry-After, the log's error class. */
const shown = (thrown: unknown) => {
  const { error, errorClass } = clientErrorOf(thrown);
  return {
    status: error.status,
    body: error.body('interactions'),
    retryAfter: error.options.headers?.['retry-after'] ?? null,
    errorClass,
  };
};

describe('errors as a client of the Interactions API reads them', () => {
  it('answers an interaction the client may not see as Google answers a stranger', () => {
    expect(shown(new UnknownInteraction('v1_theirs'))).toEqual({
      status: 404,
      body: { error: { message: "Interaction 'v1_theirs' was not found.", code: 'not_found' } },
      retryAfter: null,
      errorClass: 'not_found',
    });
  });

  it('relays the Interactions service’s own error as it came', () => {
    const body = {
      error: { message: 'Only a background interaction can be cancelled.', code: 'invalid_request' },
    };
    expect(shown(new InteractionUpstreamFailure(400, body, classifyInteractionFailure(400, body)))).toEqual({
      status: 400,
      body,
      retryAfter: null,
      errorClass: 'invalid_request',
    });
  });

  it('tells of an owner cooling down with a 429, Retry-After and Google’s RetryInfo', () => {
    const cooling = new OwnerUnavailable(
      'interactions/v1_a',
      'proj_a',
      'all-cooling',
      'gemini-2.5-flash',
      NOW + 40_000,
      NOW,
    );
    const seen = shown(cooling);
    expect(seen).toMatchObject({ status: 429, retryAfter: '40', errorClass: 'rate_limit_exceeded' });
    expect(seen.body).toMatchObject({
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '40s' }],
      },
    });
  });

  it('puts gemgate’s own refusals in the Interactions envelope', () => {
    expect(shown(new PolicyRefusal('model', 'This token may not use gemini-2.5-pro.')).body).toEqual({
      error: { message: 'This token may not use gemini-2.5-pro.', code: 'model_not_allowed' },
    });
  });
});
