import type { GoogleErrorBody } from '../gemini/types.js';
import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import { errorFacts, type ProviderErrorWire } from '../upstream/openaiCompatible/chatWire.js';
import { retiredSince } from '../models/retiredModels.js';

/**
 * What went wrong, said in the gateway's own terms by the layer that knows it: the pool, the
 * dispatcher, the resume engine, client policies. None of them knows who asked or in which dialect;
 * proxy/http turns a failure into a status, headers and a body the client understands
 * (http/clientError.ts), in one place.
 *
 * `message` is a plain sentence a person can act on; `retryAfterMs`, when set, is how long asking
 * again is pointless (relative, so that a clock injected in one layer never meets another's).
 */
export abstract class Failure extends Error {
  readonly retryAfterMs: number | undefined;
  /**
   * The keys asked before this failure, each with what it answered: the dispatcher sets it, so the
   * request log can say which keys a failed request went through and why each could not serve.
   */
  tried?: readonly TriedKey[];

  protected constructor(message: string, retryAfterMs?: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** A key the dispatcher asked: its id, the status it answered (or a network failure), and what that meant. */
export interface TriedKey {
  keyId: string;
  status: number | 'network';
  /** The verdict on an error answer (`rate-limited`, `key-invalid`, …); absent for a success. */
  failure?: string;
}

/**
 * Why the pool handed out no key:
 * - `empty`: gemgate has no keys at all;
 * - `all-dead`: keys exist but none is usable (refused by Gemini or disabled by hand);
 * - `all-cooling`: every usable project is rate-limited or at its limit for this model for a while;
 * - `none-allowed`: the client's policy leaves no usable key;
 * - `all-tried`: this request already tried every project that could serve it.
 */
export type PoolShortfall = 'empty' | 'all-dead' | 'all-cooling' | 'none-allowed' | 'all-tried';

/**
 * How a shortfall is told: a cooling pool with until when it rests, any other by its kind. Gemini's
 * pool, another provider's and a file's owning project each have their own words.
 */
interface ShortfallWords {
  cooling(model: string, until: string): string;
  other(shortfall: Exclude<PoolShortfall, 'all-cooling'>): string;
}

const GEMINI_POOL: ShortfallWords = {
  cooling: (model, until) => `Every Gemini API key is rate-limited for ${model} ${until}.`,
  other: (shortfall) =>
    ({
      empty: 'gemgate has no Gemini API keys yet. Add one with `gemgate keys add --account NAME`.',
      'all-dead':
        'Every Gemini API key in gemgate has been disabled (invalid, suspended or revoked). Check them with `gemgate keys check`.',
      'none-allowed':
        "No Gemini API key that this client's policy allows can serve: its allowed accounts or tiers have no working key.",
      'all-tried': 'No key could serve this request.',
    })[shortfall],
};

/** What a PoolUnavailable is made of: the shortfall, the model, when the first project frees up, now. */
type ShortfallArgs = [shortfall: PoolShortfall, model: string, retryAt?: number, now?: number];

/** No key of the pool can take this call now. */
export class PoolUnavailable extends Failure {
  override name = 'PoolUnavailable';

  /** `retryAt` (epoch ms) is when the first project frees up, for `all-cooling`. */
  constructor(
    readonly shortfall: PoolShortfall,
    readonly model: string,
    readonly retryAt?: number,
    now = Date.now(),
    words: ShortfallWords = GEMINI_POOL,
  ) {
    const cooling = shortfall === 'all-cooling';
    const at = retryAt ?? now;
    super(
      cooling
        ? words.cooling(model, `until ${new Date(at).toISOString()} (in ${wholeSeconds(at - now)}s)`)
        : words.other(shortfall),
      cooling && retryAt !== undefined ? retryAt - now : undefined,
    );
  }
}

/** No key of another provider (an OpenAI-compatible service) can take this call now. */
export class ProviderPoolUnavailable extends PoolUnavailable {
  override name = 'ProviderPoolUnavailable';

  constructor(
    readonly provider: string,
    ...[shortfall, model, retryAt, now]: ShortfallArgs
  ) {
    super(shortfall, model, retryAt, now, {
      cooling: (model, until) => `Every key of provider ${provider} is rate-limited for ${model} ${until}.`,
      other: (shortfall) =>
        ({
          empty: `gemgate has no keys of provider ${provider} yet. Add one with \`gemgate keys add --provider ${provider} --account NAME\`.`,
          'all-dead': `Every key of provider ${provider} has been disabled (refused by ${provider}, or by hand). Check them with \`gemgate keys check\`.`,
          'none-allowed': `No key of provider ${provider} that this client's policy allows can serve: its allowed accounts or tiers have no working key of ${provider}.`,
          'all-tried': 'No key could serve this request.',
        })[shortfall],
    });
  }
}

/**
 * The request names a file or cached content that only one project of the pool can read, and that
 * project cannot serve it now: cooling (with when it frees up), left out by the client's policy, or
 * without a usable key. No other project is asked: it could only answer 403.
 */
export class OwnerUnavailable extends PoolUnavailable {
  override name = 'OwnerUnavailable';

  constructor(
    /** `files/…` or `cachedContents/…` */
    readonly resource: string,
    readonly projectId: string,
    ...[shortfall, model, retryAt, now]: ShortfallArgs
  ) {
    super(shortfall, model, retryAt, now, {
      cooling: (model, until) =>
        `${resource} belongs to a project that is rate-limited for ${model} ${until}; no other project can read it.`,
      other: (shortfall) =>
        ({
          'all-tried': `${resource} belongs to one project of the pool, and none of its keys could serve this request.`,
          'none-allowed': `${resource} belongs to a project whose keys this client's policy does not allow.`,
          'all-dead': `${resource} belongs to a project that has no working key in gemgate any more (disabled or removed).`,
          empty: `${resource} belongs to a project that gemgate has no key for.`,
        })[shortfall],
    });
  }
}

/**
 * The request names files or cached contents of more than one project: no single key can read them
 * all, so no call could succeed.
 */
export class MixedOwners extends Failure {
  override name = 'MixedOwners';

  constructor(readonly resources: readonly string[]) {
    super(
      `This request names ${resources.join(', ')}, which belong to different projects of gemgate's pool; ` +
        'Gemini lets a request read only files and cached contents of one project. Upload them again in one ' +
        'conversation, or send them in separate requests.',
    );
  }
}

/**
 * The request names a file or cached content that another client of gemgate created. Told the way
 * Gemini tells a stranger: as if it did not exist.
 */
export class ForeignResource extends Failure {
  override name = 'ForeignResource';

  constructor(readonly resource: string) {
    super(
      resource.startsWith('files/')
        ? `You do not have permission to access the File ${resource.slice('files/'.length)} or it may not exist.`
        : 'CachedContent not found (or permission denied)',
    );
  }
}

/** Gemini answered with an error status; `verdict` says whose fault it is and what the pool did. */
export class UpstreamFailure extends Failure {
  override name = 'UpstreamFailure';

  constructor(
    readonly status: number,
    /** Google's own error body, when Gemini sent one. */
    readonly googleError: GoogleErrorBody | undefined,
    readonly verdict: UpstreamVerdict,
  ) {
    let message = googleError?.error.message ?? `Gemini answered HTTP ${status}.`;
    if (verdict.kind === 'resource-denied') {
      message +=
        " No project in gemgate's pool that could serve this request may read it: a file or cached content " +
        'can be used only through keys of the project that created it.';
    }
    if (verdict.kind === 'not-found' && verdict.model !== undefined)
      message = modelNotServed(verdict, message);
    super(
      message,
      verdict.kind === 'rate-limited' && verdict.retryAfterMs !== null ? verdict.retryAfterMs : undefined,
    );
  }
}

/**
 * A 404 that names a model, said plainly: Gemini's own words ("models/x is not found for API version
 * v1beta, or is not supported for generateContent", or "This model models/x is no longer available
 * to new users") leave a user guessing whether gemgate or Google is at fault.
 */
function modelNotServed(verdict: Extract<UpstreamVerdict, { kind: 'not-found' }>, google: string): string {
  const model = verdict.model ?? '';
  const since = retiredSince(model);
  const what = since
    ? `Model retired: Gemini no longer serves ${model} (shut down ${since}).`
    : verdict.retired
      ? `Model retired: Gemini no longer serves ${model}.`
      : `Model retired or unknown: Gemini does not serve ${model} for this call (it is retired, misspelt, or does not support this method).`;
  return `${what} Choose a current model (GET /v1beta/models lists them). Google said: ${google}`;
}

/**
 * Another provider answered with an error status; `body` is its own error, relayed to the client
 * (masked), and `verdict` says whose fault it is and what the pool did.
 */
export class ProviderFailure extends UpstreamFailure {
  override name = 'ProviderFailure';

  constructor(
    status: number,
    readonly provider: string,
    readonly body: ProviderErrorWire | undefined,
    verdict: UpstreamVerdict,
  ) {
    super(status, undefined, verdict);
    this.message = errorFacts(body).message || `${provider} answered HTTP ${status}.`;
  }
}

/** Gemini could not be reached at all (connection refused, reset, DNS, TLS). */
export class UpstreamUnreachable extends Failure {
  override name = 'UpstreamUnreachable';

  constructor(detail: string) {
    super(`Gemini could not be reached: ${detail}`);
  }
}

/** Another provider could not be reached at all. */
export class ProviderUnreachable extends UpstreamUnreachable {
  override name = 'ProviderUnreachable';

  constructor(
    readonly provider: string,
    detail: string,
  ) {
    super(detail);
    this.message = `Provider ${provider} could not be reached: ${detail}`;
  }
}

/**
 * The model names another provider, and the route cannot serve it: only Chat Completions are
 * relayed to OpenAI-compatible providers; Gemini's own dialect reaches Gemini only.
 */
export class WrongProviderRoute extends Failure {
  override name = 'WrongProviderRoute';

  constructor(
    readonly model: string,
    readonly provider: string,
    readonly route: string,
  ) {
    super(
      `Model ${model} is served by provider ${provider} (an OpenAI-compatible service), which gemgate reaches only through POST /v1/chat/completions and POST /v1/embeddings; ${route} serves Gemini's models.`,
    );
  }
}

/** Which client-policy limit refused a request. */
export type PolicyLimit = 'model' | 'provider' | 'keys' | 'rpm' | 'daily-spend' | 'monthly-spend';

/** A client policy refused the request before any upstream call; the message names the limit and the token. */
export class PolicyRefusal extends Failure {
  override name = 'PolicyRefusal';

  constructor(
    readonly limit: PolicyLimit,
    message: string,
    retryAfterMs?: number,
  ) {
    super(message, retryAfterMs);
  }
}

/**
 * Gemini answered, but without the image or audio the request was for, and gave no reason a client
 * could act on (a safety refusal is the client's to fix, and an InputError).
 */
export class AnswerWithoutMedia extends Failure {
  override name = 'AnswerWithoutMedia';

  constructor(
    readonly media: 'image' | 'audio',
    message: string,
  ) {
    super(message);
  }
}

/** A streamed answer ended before it was complete, and gemgate could not complete it. */
export class StreamIncomplete extends Failure {
  override name = 'StreamIncomplete';

  constructor(message = "Gemini's answer is incomplete.") {
    super(message);
  }
}

/** Seconds as a person reads a wait: whole, and never 0 for a wait still to come. */
export function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
