import type { BilledTokens } from './cost.js';
import { billedTokens } from './cost.js';
import type { UsageEntry } from './usageEntry.js';

/**
 * One upstream call of a logged request, as the log's `attempt_detail` column keeps it (JSON, an
 * array in the order the calls were made). No content, and keys by id only.
 *
 * | mode       | means                                                                         |
 * | ---------- | ----------------------------------------------------------------------------- |
 * | `first`    | the call that started the answer                                              |
 * | `continue` | a cut answer continued from the text the client already has (a resume seam)  |
 * | `replay`   | the request sent again (cut before any output, or an empty answer)            |
 * | `failover` | a key asked that answered an error, so the next was tried (or the client got it) |
 */
export interface AttemptDetail {
  keyId: string;
  /** The key's project when the call was made (the log outlives removed keys). */
  projectId: string | null;
  mode: 'first' | 'continue' | 'replay' | 'failover';
  /** A failover's answer: Gemini's status, or `network` when it could not be reached. */
  status?: number | 'network';
  /** A failover's meaning: `rate-limited`, `key-invalid`, `upstream-unavailable`, … */
  failure?: string;
  /** Why an answering call did not finish the answer (the resume engine's cause: `stalled`, `frame-cut`, …). */
  cause?: string;
  /** How the last answering call ended, in Gemini's words (STOP, MAX_TOKENS, SAFETY, …). */
  finishReason?: string;
  /** Characters repeated by the model and removed where this continuation joined the answer. */
  seamRemoved?: number;
  usage?: BilledTokens;
}

/**
 * A finished request's calls, for the log: the attempts that answered, each with its project and
 * how it ended, then the keys asked that answered an error before the request failed.
 */
export function attemptDetailOf(
  entry: Pick<UsageEntry, 'attempts' | 'tried' | 'finishReason'>,
  projectOf: (keyId: string) => string | null,
): AttemptDetail[] {
  const attempts = entry.attempts ?? [];
  const answered = attempts.map((attempt, index): AttemptDetail => {
    const detail: AttemptDetail = {
      keyId: attempt.keyId,
      projectId: projectOf(attempt.keyId),
      mode: attempt.mode ?? 'first',
    };
    if (attempt.cause) detail.cause = attempt.cause;
    if (index === attempts.length - 1 && entry.finishReason) detail.finishReason = entry.finishReason;
    if (attempt.seamRemoved) detail.seamRemoved = attempt.seamRemoved;
    if (attempt.usage) detail.usage = billedTokens(attempt.usage);
    return detail;
  });
  const failovers = (entry.tried ?? []).map((tried): AttemptDetail => ({
    keyId: tried.keyId,
    projectId: projectOf(tried.keyId),
    mode: 'failover',
    status: tried.status,
    ...(tried.failure ? { failure: tried.failure } : {}),
  }));
  return [...answered, ...failovers];
}

/**
 * The column read back. Rows written before every request kept its calls hold them only when there
 * were several, without projects; a row without the column has none.
 */
export function parseAttemptDetail(json: string | null): AttemptDetail[] {
  if (!json) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .filter((item): item is Partial<AttemptDetail> & { keyId: string } => {
      return typeof item === 'object' && item !== null && typeof (item as AttemptDetail).keyId === 'string';
    })
    .map((item) => ({ ...item, projectId: item.projectId ?? null, mode: item.mode ?? 'first' }));
}
