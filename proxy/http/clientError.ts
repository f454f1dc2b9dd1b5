import {
  AnswerWithoutMedia,
  Failure,
  ForeignResource,
  MixedOwners,
  OwnerUnavailable,
  PolicyRefusal,
  PoolUnavailable,
  ProviderFailure,
  StreamIncomplete,
  UpstreamFailure,
  UpstreamUnreachable,
  WrongProviderRoute,
  wholeSeconds,
  type PolicyLimit,
  type PoolShortfall,
} from '../failures/failures.js';
import { InputError } from '../failures/inputError.js';
import { InteractionUpstreamFailure, UnknownInteraction } from '../failures/interactionFailures.js';
import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import { errorFacts } from '../upstream/openaiCompatible/chatWire.js';
import { googleError } from '../upstream/classifyOutcome.js';
import { GatewayError } from './gatewayError.js';

/** What the client is told about an error, and how the request log files it. */
export interface ClientError {
  error: GatewayError;
  /** A short class for the request log: the error's code, Google's status, or `http_<status>`. */
  errorClass: string;
  /** Not a failure gemgate foresaw (a bug, a library's throw): worth a line in the log. */
  unexpected: boolean;
}

/**
 * The one place where anything thrown while serving a request becomes what the client sees:
 *
 * | thrown                                   | status | OpenAI `code`                  | also                          |
 * | ---------------------------------------- | ------ | ------------------------------ | ----------------------------- |
 * | GatewayError (http's own)                | as set | as set                         |                               |
 * | InputError (a request the client got wrong) | 400 (404: an id not found) | as set     | param                         |
 * | PoolUnavailable `all-cooling`            | 429    | rate_limit_exceeded            | Retry-After, Google RetryInfo |
 * | PoolUnavailable `empty`                  | 503    | no_keys                        |                               |
 * | PoolUnavailable `all-dead`               | 503    | all_keys_disabled              |                               |
 * | PoolUnavailable `none-allowed`           | 503    | no_allowed_keys                |                               |
 * | PoolUnavailable `all-tried`              | 503    | upstream_unavailable           |                               |
 * | ProviderPoolUnavailable (another provider's keys) | as PoolUnavailable | as PoolUnavailable | the message names the provider |
 * | OwnerUnavailable `all-cooling`           | 429    | rate_limit_exceeded            | Retry-After, Google RetryInfo |
 * | OwnerUnavailable `none-allowed`          | 403    | owner_not_allowed              |                               |
 * | OwnerUnavailable (any other shortfall)   | 503    | owner_unavailable              |                               |
 * | MixedOwners                              | 400    | resources_of_several_projects  |                               |
 * | ForeignResource                          | 403    | resource_not_accessible        | Google's PERMISSION_DENIED    |
 * | UnknownInteraction                       | 404    | not_found                      | as Google answers a stranger  |
 * | InteractionUpstreamFailure               | Gemini's | the service's own, else by verdict | the Interactions service's body |
 * | UpstreamFailure                          | Gemini's | by verdict (below)           | Google's body; Retry-After    |
 * | UpstreamFailure `not-found` naming a model | 404  | model_not_found (param model)  | "Model retired or unknown: …" |
 * | ProviderFailure (another provider's error) | its  | its own `code`, else by verdict | its message and `param`; Retry-After |
 * | UpstreamUnreachable (ProviderUnreachable too) | 502 | upstream_unreachable          |                               |
 * | WrongProviderRoute                       | 400    | model_not_served_here (param model) |                          |
 * | PolicyRefusal `model`                    | 403    | model_not_allowed (param model)|                               |
 * | PolicyRefusal `provider`                 | 403    | provider_not_allowed (param model) |                           |
 * | PolicyRefusal `keys`                     | 403    | no_allowed_keys                |                               |
 * | PolicyRefusal `rpm`                      | 429    | client_rate_limit              | Retry-After                   |
 * | PolicyRefusal `daily-spend`/`monthly-spend` | 429 | daily_/monthly_spend_limit     | Retry-After                   |
 * | StreamIncomplete                         | 502    | stream_incomplete              |                               |
 * | AnswerWithoutMedia                       | 502    | no_image / no_audio            |                               |
 * | a body-parser error with a 4xx `status`  | as set | —                              |                               |
 * | URIError (a broken percent-escape)       | 400    | invalid_path                   |                               |
 * | AbortError                               | 499    | —                              |                               |
 * | anything else                            | 500    | internal_error                 | logged                        |
 */
export function clientErrorOf(thrown: unknown): ClientError {
  if (thrown instanceof GatewayError || thrown instanceof Failure) {
    const error = thrown instanceof Failure ? fromFailure(thrown) : thrown;
    const google = error.options.google?.error.status;
    const errorClass =
      error.options.code ??
      (google
        ? google.toLowerCase()
        : thrown instanceof InputError
          ? 'invalid_request_error'
          : `http_${error.status}`);
    return { error, errorClass, unexpected: false };
  }
  // Errors that carry their own status: body-parser's (entity.too.large, ...).
  const coded = thrown as { status?: unknown; type?: unknown; message?: unknown };
  if (typeof coded?.status === 'number' && coded.status >= 400 && coded.status < 500) {
    return {
      error: new GatewayError(coded.status, String(coded.message)),
      errorClass: typeof coded.type === 'string' ? coded.type : `http_${coded.status}`,
      unexpected: false,
    };
  }
  // decodeURIComponent's complaint about a broken escape a client sent: its mistake, not a bug.
  if (thrown instanceof URIError) {
    return {
      error: new GatewayError(400, 'The request holds a malformed percent-escape.', { code: 'invalid_path' }),
      errorClass: 'invalid_path',
      unexpected: false,
    };
  }
  if ((thrown as Error)?.name === 'AbortError') {
    return {
      error: new GatewayError(499, 'Client closed the request.'),
      errorClass: 'client_closed',
      unexpected: false,
    };
  }
  return {
    error: new GatewayError(500, 'gemgate hit an unexpected error; see its log.', { code: 'internal_error' }),
    errorClass: 'internal_error',
    unexpected: true,
  };
}

const SHORTFALL_CODE: Record<PoolShortfall, string> = {
  empty: 'no_keys',
  'all-dead': 'all_keys_disabled',
  'none-allowed': 'no_allowed_keys',
  'all-tried': 'upstream_unavailable',
  'all-cooling': 'rate_limit_exceeded',
};

const POLICY_STATUS: Record<PolicyLimit, { status: number; code: string }> = {
  model: { status: 403, code: 'model_not_allowed' },
  provider: { status: 403, code: 'provider_not_allowed' },
  keys: { status: 403, code: 'no_allowed_keys' },
  rpm: { status: 429, code: 'client_rate_limit' },
  'daily-spend': { status: 429, code: 'daily_spend_limit' },
  'monthly-spend': { status: 429, code: 'monthly_spend_limit' },
};

const VERDICT_CODE: Partial<Record<UpstreamVerdict['kind'], string>> = {
  'rate-limited': 'rate_limit_exceeded',
  'not-found': 'model_not_found',
  'key-invalid': 'upstream_key_rejected',
  'key-denied': 'upstream_key_rejected',
  'resource-denied': 'resource_not_accessible',
  'spend-capped': 'spend_cap_reached',
};

function fromFailure(failure: Failure): GatewayError {
  if (failure instanceof InputError) {
    return new GatewayError(failure.status, failure.message, { param: failure.param, code: failure.code });
  }
  const headers: Record<string, string> =
    failure.retryAfterMs === undefined ? {} : { 'retry-after': String(wholeSeconds(failure.retryAfterMs)) };
  if (failure instanceof OwnerUnavailable && failure.shortfall !== 'all-cooling') {
    return failure.shortfall === 'none-allowed'
      ? new GatewayError(403, failure.message, { code: 'owner_not_allowed' })
      : new GatewayError(503, failure.message, { code: 'owner_unavailable' });
  }
  if (failure instanceof PoolUnavailable) {
    const code = SHORTFALL_CODE[failure.shortfall];
    if (failure.shortfall !== 'all-cooling') return new GatewayError(503, failure.message, { code });
    return new GatewayError(429, failure.message, {
      code,
      headers,
      // Gemini's own shape, so Gemini SDKs read the delay as they would from Google.
      google: googleError(429, 'RESOURCE_EXHAUSTED', failure.message, [
        {
          '@type': 'type.googleapis.com/google.rpc.RetryInfo',
          retryDelay: `${wholeSeconds(failure.retryAfterMs ?? 0)}s`,
        },
      ]),
    });
  }
  if (failure instanceof InteractionUpstreamFailure) {
    // The Interactions service's own envelope, relayed as it came.
    const code = failure.body.error.code;
    return new GatewayError(failure.status, failure.message, {
      code: typeof code === 'string' ? code : (VERDICT_CODE[failure.verdict.kind] ?? null),
      interactions: failure.body,
      headers,
    });
  }
  if (failure instanceof UnknownInteraction) {
    return new GatewayError(404, failure.message, { code: 'not_found' });
  }
  if (failure instanceof ProviderFailure) {
    // The provider's own words and code, as its clients know them.
    const { code } = errorFacts(failure.body);
    return new GatewayError(failure.status, failure.message, {
      code: code || (VERDICT_CODE[failure.verdict.kind] ?? null),
      param: failure.body?.error?.param ?? null,
      headers,
    });
  }
  if (failure instanceof UpstreamFailure) {
    const upstream = failure.googleError;
    const verdict = failure.verdict;
    // A 403 for another project's file, or a 404 for a retired model, says more than Google's
    // words: the client sees gemgate's.
    const named = verdict.kind === 'not-found' && verdict.model !== undefined;
    const google =
      upstream && (verdict.kind === 'resource-denied' || named)
        ? { error: { ...upstream.error, message: failure.message } }
        : upstream;
    return new GatewayError(failure.status, failure.message, {
      google,
      code: VERDICT_CODE[verdict.kind] ?? null,
      headers,
      ...(named ? { param: 'model' } : {}),
    });
  }
  if (failure instanceof MixedOwners) {
    return new GatewayError(400, failure.message, { code: 'resources_of_several_projects' });
  }
  if (failure instanceof ForeignResource) {
    return new GatewayError(403, failure.message, { code: 'resource_not_accessible' });
  }
  if (failure instanceof WrongProviderRoute) {
    return new GatewayError(400, failure.message, { code: 'model_not_served_here', param: 'model' });
  }
  if (failure instanceof UpstreamUnreachable) {
    return new GatewayError(502, failure.message, { code: 'upstream_unreachable' });
  }
  if (failure instanceof PolicyRefusal) {
    const { status, code } = POLICY_STATUS[failure.limit];
    return new GatewayError(status, failure.message, {
      code,
      headers,
      ...(failure.limit === 'model' || failure.limit === 'provider' ? { param: 'model' } : {}),
    });
  }
  if (failure instanceof StreamIncomplete) {
    return new GatewayError(502, failure.message, { code: 'stream_incomplete' });
  }
  if (failure instanceof AnswerWithoutMedia) {
    return new GatewayError(502, failure.message, { code: `no_${failure.media}` });
  }
  return new GatewayError(500, failure.message, { code: 'internal_error' });
}

/** The error that ends an answer gemgate could not complete, for the dialect's stream or body. */
export function incompleteAnswerError(failure: StreamIncomplete | undefined): GatewayError {
  return fromFailure(failure ?? new StreamIncomplete());
}
