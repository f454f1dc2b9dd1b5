import { describe, expect, it } from 'vitest';
import type { GoogleErrorDetail } from '../gemini/types.js';
import {
  AnswerWithoutMedia,
  ForeignResource,
  MixedOwners,
  OwnerUnavailable,
  PolicyRefusal,
  PoolUnavailable,
  ProviderFailure,
  ProviderPoolUnavailable,
  ProviderUnreachable,
  StreamIncomplete,
  UpstreamFailure,
  UpstreamUnreachable,
  WrongProviderRoute,
} from '../failures/failures.js';
import { classifyFailure } from '../upstream/classifyOutcome.js';
import { classifyProviderFailure } from '../upstream/openaiCompatible/classifyProviderFailure.js';
import { invalidRequest } from '../translate/openai/index.js';
import { GatewayError } from './gatewayError.js';
import { clientErrorOf } from './clientError.js';

const NOW = Date.UTC(2026, 11, 3, 12);
const google = (code: number, status: string, message: string, details: GoogleErrorDetail[] = []) => ({
  error: { code, status, message, details },
});
const quotaExceeded = google(429, 'RESOURCE_EXHAUSTED', 'Quota exceeded', [
  { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '29s' },
]);
const upstream = (status: number, body: ReturnType<typeof google>) =>
  new UpstreamFailure(status, body, classifyFailure(status, body));
// DashScope's compatible-mode error shape (https://www.alibabacloud.com/help/en/model-studio/error-code).
const dashscope = (status: number, code: string, message: string, retryAfter?: string) => {
  const body = { error: { message, type: code, param: null, code }, request_id: 'r-1' };
  return new ProviderFailure(status, 'qwen', body, classifyProviderFailure(status, body, retryAfter, NOW));
};

/** What the client is shown: status, OpenAI code and param, Retry-After, and the log's error class. */
function shown(thrown: unknown) {
  const { error, errorClass } = clientErrorOf(thrown);
  return {
    status: error.status,
    code: error.options.code ?? null,
    param: error.options.param ?? null,
    retryAfter: error.options.headers?.['retry-after'] ?? null,
    errorClass,
  };
}

describe('clientErrorOf: every failure has one client-facing form', () => {
  it.each([
    ['no keys at all', new PoolUnavailable('empty', 'm'), 503, 'no_keys', null],
    ['every key dead', new PoolUnavailable('all-dead', 'm'), 503, 'all_keys_disabled', null],
    ['the policy leaves none', new PoolUnavailable('none-allowed', 'm'), 503, 'no_allowed_keys', null],
    ['every project tried', new PoolUnavailable('all-tried', 'm'), 503, 'upstream_unavailable', null],
    [
      'every project cooling 29.5 s',
      new PoolUnavailable('all-cooling', 'm', NOW + 29_500, NOW),
      429,
      'rate_limit_exceeded',
      '30',
    ],
    ["Gemini's 429 with retryDelay 29s", upstream(429, quotaExceeded), 429, 'rate_limit_exceeded', '29'],
    [
      'an invalid key',
      upstream(
        400,
        google(400, 'INVALID_ARGUMENT', 'API key not valid.', [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' },
        ]),
      ),
      400,
      'upstream_key_rejected',
      null,
    ],
    ['an unknown model', upstream(404, google(404, 'NOT_FOUND', 'not found')), 404, 'model_not_found', null],
    [
      'a retired model, named by Google',
      upstream(
        404,
        google(404, 'NOT_FOUND', 'This model models/gemini-2.0-flash is no longer available to new users.'),
      ),
      404,
      'model_not_found',
      null,
    ],
    [
      'a spending cap (when no other project could take the call)',
      upstream(429, google(429, 'RESOURCE_EXHAUSTED', 'Your project has exceeded its monthly spending cap.')),
      429,
      'spend_cap_reached',
      null,
    ],
    ['a bad request', upstream(400, google(400, 'INVALID_ARGUMENT', 'bad')), 400, null, null],
    ['overloaded', upstream(503, google(503, 'UNAVAILABLE', 'overloaded')), 503, null, null],
    ['unreachable', new UpstreamUnreachable('ECONNREFUSED'), 502, 'upstream_unreachable', null],
    [
      "a provider's keys all cooling",
      new ProviderPoolUnavailable('qwen', 'all-cooling', 'm', NOW + 5_000, NOW),
      429,
      'rate_limit_exceeded',
      '5',
    ],
    ['a provider without keys', new ProviderPoolUnavailable('qwen', 'empty', 'm'), 503, 'no_keys', null],
    [
      "DashScope's 429 with Retry-After 7",
      dashscope(429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.', '7'),
      429,
      'Throttling.RateQuota',
      '7',
    ],
    [
      "DashScope's invalid key",
      dashscope(401, 'InvalidApiKey', 'Invalid API-key provided.'),
      401,
      'InvalidApiKey',
      null,
    ],
    ["DashScope's bad request", dashscope(400, 'InvalidParameter', 'bad'), 400, 'InvalidParameter', null],
    [
      'a provider unreachable',
      new ProviderUnreachable('qwen', 'ECONNREFUSED'),
      502,
      'upstream_unreachable',
      null,
    ],
    [
      "another provider's model on Gemini's route",
      new WrongProviderRoute('qwen-plus', 'qwen', 'generateContent'),
      400,
      'model_not_served_here',
      null,
    ],
    [
      'a provider the policy leaves out',
      new PolicyRefusal('provider', 'not qwen'),
      403,
      'provider_not_allowed',
      null,
    ],
    ['rpm', new PolicyRefusal('rpm', 'over rpm', 60_000), 429, 'client_rate_limit', '60'],
    ['daily spend', new PolicyRefusal('daily-spend', 'spent', 3_600_000), 429, 'daily_spend_limit', '3600'],
    ['monthly spend', new PolicyRefusal('monthly-spend', 'spent', 1), 429, 'monthly_spend_limit', '1'],
    ['allowed keys', new PolicyRefusal('keys', 'none active'), 403, 'no_allowed_keys', null],
    ['an incomplete answer', new StreamIncomplete(), 502, 'stream_incomplete', null],
    [
      "a file's project cooling 12 s",
      new OwnerUnavailable('files/abc', 'prj_1', 'all-cooling', 'm', NOW + 12_000, NOW),
      429,
      'rate_limit_exceeded',
      '12',
    ],
    [
      "a file's project outside the policy",
      new OwnerUnavailable('files/abc', 'prj_1', 'none-allowed', 'm'),
      403,
      'owner_not_allowed',
      null,
    ],
    [
      "a file's project without keys",
      new OwnerUnavailable('files/abc', 'prj_1', 'all-dead', 'm'),
      503,
      'owner_unavailable',
      null,
    ],
    [
      'files of two projects',
      new MixedOwners(['files/a', 'files/b']),
      400,
      'resources_of_several_projects',
      null,
    ],
    ["another client's file", new ForeignResource('files/abc'), 403, 'resource_not_accessible', null],
  ])('%s', (_name, failure, status, code, retryAfter) => {
    expect(shown(failure)).toMatchObject({ status, code, retryAfter });
  });

  it('a refused model names the request field at fault', () => {
    expect(shown(new PolicyRefusal('model', 'not this model'))).toMatchObject({
      status: 403,
      code: 'model_not_allowed',
      param: 'model',
    });
  });

  it("Gemini's own error body reaches a Gemini client as Google sent it, and keys in it are masked", () => {
    const key = `AIza${'k'.repeat(35)}`;
    const body = google(400, 'INVALID_ARGUMENT', `bad request for ${key}`);
    const rendered = clientErrorOf(upstream(400, body)).error.toGoogle();
    expect(rendered.error.status).toBe('INVALID_ARGUMENT');
    expect(JSON.stringify(rendered)).not.toContain(key);
    expect(rendered.error.message).toContain('AIza…kkkk');
  });

  it("a cooling pool answers in Gemini's shape too, with the wait as RetryInfo", () => {
    const rendered = clientErrorOf(
      new PoolUnavailable('all-cooling', 'm', NOW + 5_000, NOW),
    ).error.toGoogle();
    expect(rendered.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(rendered.error.details).toEqual([
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '5s' },
    ]);
  });

  it("another project's file: gemgate says why no key of the pool could read it", () => {
    const denied = google(403, 'PERMISSION_DENIED', 'You do not have permission to access the File abc');
    expect(clientErrorOf(upstream(403, denied)).error.toGoogle().error.message).toMatch(
      /keys of the project that created it/,
    );
  });

  it("a file's cooling project and another client's file answer in Gemini's own shapes", () => {
    const cooling = clientErrorOf(
      new OwnerUnavailable('files/abc', 'prj_1', 'all-cooling', 'gemini-2.5-flash', NOW + 5_000, NOW),
    ).error;
    expect(cooling.toGoogle().error).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: expect.stringMatching(/files\/abc belongs to a project that is rate-limited/),
      details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '5s' }],
    });
    expect(clientErrorOf(new ForeignResource('files/abc')).error.toGoogle()).toEqual({
      error: {
        code: 403,
        status: 'PERMISSION_DENIED',
        message: 'You do not have permission to access the File abc or it may not exist.',
      },
    });
    expect(
      clientErrorOf(new MixedOwners(['files/a', 'cachedContents/b'])).error.toGoogle().error,
    ).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
    });
  });

  it('the translators, body parsing, a client that left and a bug each get their status', () => {
    const translator = invalidRequest('messages is required', 'messages');
    expect(shown(translator)).toMatchObject({
      status: 400,
      param: 'messages',
      errorClass: 'invalid_request_error',
    });
    expect(shown(new AnswerWithoutMedia('image', "Google's image model answered without an image."))).toEqual(
      {
        status: 502,
        code: 'no_image',
        param: null,
        retryAfter: null,
        errorClass: 'no_image',
      },
    );
    expect(
      shown(Object.assign(new Error('too big'), { status: 413, type: 'entity.too.large' })),
    ).toMatchObject({
      status: 413,
      errorClass: 'entity.too.large',
    });
    expect(shown(Object.assign(new Error('gone'), { name: 'AbortError' }))).toMatchObject({
      status: 499,
      errorClass: 'client_closed',
    });
    const brokenEscape = (() => {
      try {
        return decodeURIComponent('%E0%A4%A');
      } catch (error) {
        return error;
      }
    })();
    expect(shown(brokenEscape)).toMatchObject({ status: 400, errorClass: 'invalid_path' });
    expect(clientErrorOf(new TypeError('oops'))).toMatchObject({
      unexpected: true,
      errorClass: 'internal_error',
    });
    expect(shown(new GatewayError(404, 'No route', { code: 'unknown_route' }))).toMatchObject({
      status: 404,
      code: 'unknown_route',
    });
  });

  it("bad input is told in the body OpenAI clients parse, and in Gemini's", () => {
    const { error } = clientErrorOf(
      invalidRequest("Invalid value: 'robot'. Supported roles are ...", 'messages[2].role', 'invalid_value'),
    );
    expect(error.status).toBe(400);
    expect(error.toOpenAI()).toEqual({
      error: {
        message: "Invalid value: 'robot'. Supported roles are ...",
        type: 'invalid_request_error',
        param: 'messages[2].role',
        code: 'invalid_value',
      },
    });
    expect(error.toGoogle()).toEqual({
      error: {
        code: 400,
        message: "Invalid value: 'robot'. Supported roles are ...",
        status: 'INVALID_ARGUMENT',
      },
    });
  });
});
