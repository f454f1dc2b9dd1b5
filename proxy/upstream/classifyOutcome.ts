import type { GoogleErrorBody, GoogleErrorDetail } from '../gemini/types.js';
import { readQuotaViolations, type QuotaReading } from './quotaViolations.js';
import { spendCapOf, type SpendCap } from './spendCap.js';

/**
 * What an upstream failure means for the key, the project and the client, from the status and
 * Google's error details (https://ai.google.dev/gemini-api/docs/troubleshooting ,
 * https://cloud.google.com/apis/design/errors): the pool acts on `kind`, the client gets the body.
 */
export type UpstreamVerdict =
  | {
      kind: 'rate-limited';
      scope: 'minute' | 'day' | 'unknown';
      retryAfterMs: number | null;
      quotaId: string | null;
      /** The project's limits the 429 states (QuotaFailure quotaValue), for the pool to plan with. */
      learned?: readonly QuotaReading[];
    }
  // A spending limit of the project or its billing account: no model of the project can serve.
  | { kind: 'spend-capped'; cap: SpendCap }
  | { kind: 'key-invalid'; reason: string }
  // 403: suspended, leaked, service disabled, ...; `quarantined` when Google suspended it (its
  // consumer, or for the terms of service): no automatic re-check, only an appeal brings it back.
  | { kind: 'key-denied'; reason: string; quarantined?: boolean }
  | { kind: 'resource-denied'; status: 403 } // 403 for a file or cache of another project: not the key's fault
  | { kind: 'upstream-unavailable'; status: number } // 500, 503, 504 and network failures: not the key's fault
  | { kind: 'client-error'; status: number } // the request itself is wrong: goes back to the client
  // `model`: the model Google says it does not serve (its message names it); `retired` when it says
  // the model is no longer available rather than unknown.
  | { kind: 'not-found'; status: 404; model?: string; retired?: boolean };

const TYPE_PREFIX = 'type.googleapis.com/google.rpc.';

function detailsOf(body: GoogleErrorBody | undefined, type: string): GoogleErrorDetail[] {
  return (body?.error?.details ?? []).filter((detail) => detail['@type'] === TYPE_PREFIX + type);
}

/** "29s", "1.5s", "0.250s" -> milliseconds (google.protobuf.Duration's JSON form). */
export function parseDuration(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.ceil(Number(match[1]) * 1000) : null;
}

/**
 * A 403 about one thing the request names, not about the key: a Files API file, a cached content or a
 * tuned model that belongs to another project ("You do not have permission to access the File x or
 * it may not exist": google-gemini/deprecated-generative-ai-python#692, snailyp/gemini-balance#401).
 * Taking it for a dead key would disable every key of the pool in turn.
 */
const RESOURCE_DENIED =
  /permission to access (?:the )?(?:File|CachedContent|cached content|TunedModel|tuned model)\b|CachedContent not found/i;

/**
 * A project whose tier has no quota at all for a model ("limit: 0", e.g. a free-tier project and
 * gemini-2.5-pro: continuedev/continue#10159, google-gemini/gemini-cli#22486) answers every call
 * with a 429 whose retryDelay is only seconds. Waiting that long and asking again spends a call of
 * every request on it; it is left alone for an hour instead (or till Pacific midnight for a daily
 * quota), long enough to matter and short enough that a project just given billing comes back soon.
 */
export const NO_QUOTA_COOLDOWN_MS = 60 * 60_000;

/**
 * Reasons Google gives when it suspended a key's consumer or the account for its terms of service
 * (ErrorInfo CONSUMER_SUSPENDED: google/generative-ai-docs#356; TOS_VIOLATION with an appeal link:
 * router-for-me/CLIProxyAPI#1823, 2026-03-04). Such a key is quarantined: out of the pool, the user
 * told, and not re-checked on a timer.
 */
export const QUARANTINE_REASONS: readonly string[] = ['CONSUMER_SUSPENDED', 'TOS_VIOLATION'];

const TERMS_OF_SERVICE = /\bviolation of Terms of\s+Service\b/i;

/** "models/gemini-2.0-flash" in a 404's message: the model Google does not serve. */
const NAMED_MODEL = /\bmodels\/([A-Za-z0-9][\w.-]*[\w])/;

export function classifyFailure(status: number, body: GoogleErrorBody | undefined): UpstreamVerdict {
  const cap = spendCapOf(status, body);
  if (cap) return { kind: 'spend-capped', cap };
  if (status === 429) {
    const violations = detailsOf(body, 'QuotaFailure').flatMap((detail) => detail.violations ?? []);
    const quotaIds = violations.map((violation) => violation.quotaId ?? '');
    const noQuota =
      violations.some((violation) => violation.quotaValue === '0') ||
      /\blimit: 0\b/.test(body?.error?.message ?? '');
    const quotaId = quotaIds.find((id) => id.length > 0) ?? null;
    const scope = quotaIds.some((id) => /PerDay/i.test(id))
      ? 'day'
      : quotaIds.some((id) => /PerMinute/i.test(id))
        ? 'minute'
        : 'unknown';
    const retryDelayMs = parseDuration(detailsOf(body, 'RetryInfo')[0]?.retryDelay);
    const retryAfterMs = noQuota ? Math.max(retryDelayMs ?? 0, NO_QUOTA_COOLDOWN_MS) : retryDelayMs;
    return { kind: 'rate-limited', scope, retryAfterMs, quotaId, learned: readQuotaViolations(body) };
  }
  const reasons = detailsOf(body, 'ErrorInfo').map((detail) => detail.reason ?? '');
  if (
    reasons.includes('API_KEY_INVALID') ||
    (status === 400 && /API key not valid/i.test(body?.error?.message ?? ''))
  ) {
    return { kind: 'key-invalid', reason: 'API_KEY_INVALID' };
  }
  if (status === 401) return { kind: 'key-invalid', reason: reasons[0] || 'UNAUTHENTICATED' };
  if (status === 403 && reasons.length === 0 && RESOURCE_DENIED.test(body?.error?.message ?? ''))
    return { kind: 'resource-denied', status };
  if (status === 403) {
    const tos = reasons.length === 0 && TERMS_OF_SERVICE.test(body?.error?.message ?? '');
    const reason = tos ? 'TOS_VIOLATION' : reasons[0] || body?.error?.status || 'PERMISSION_DENIED';
    return QUARANTINE_REASONS.includes(reason)
      ? { kind: 'key-denied', reason, quarantined: true }
      : { kind: 'key-denied', reason };
  }
  if (status === 404) {
    const message = body?.error?.message ?? '';
    const model = NAMED_MODEL.exec(message)?.[1];
    if (!model) return { kind: 'not-found', status };
    return { kind: 'not-found', status, model, retired: /\bno longer available\b/i.test(message) };
  }
  if (status >= 500 || status === 408) return { kind: 'upstream-unavailable', status };
  return { kind: 'client-error', status };
}

/** A Google-shaped error body for failures that happen before or instead of an upstream answer. */
export function googleError(
  code: number,
  status: string,
  message: string,
  details?: GoogleErrorDetail[],
): GoogleErrorBody {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

export function isGoogleErrorBody(value: unknown): value is GoogleErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'number'
  );
}
