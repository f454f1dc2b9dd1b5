// What the pool's quota figures mean for a person: one reading of each project's standing, used by
// the Overview's pool-wide table and by each project's detail, so the two always agree.
import type { AccountView, ModelQuotaView, ProjectView, QuotaMeter } from '../proxy/http/admin/contract';
import { formatClock } from './format';

/**
 * A project's standing for one model now:
 *
 * | state        | when                                                               | until        |
 * | ------------ | ------------------------------------------------------------------ | ------------ |
 * | `exhausted`  | Google's 429 said the daily quota ran out, or our day count is at its limit | its reset |
 * | `resting`    | Google's 429 asked for a pause (per minute, or unsaid)             | its cooldown |
 * | `at-limit`   | our count is at the minute's limit                                 | next minute  |
 * | `ok`         | it can serve                                                       | —            |
 */
export type Standing =
  { state: 'ok'; until: null } | { state: 'exhausted' | 'resting' | 'at-limit'; until: number };

/** A standing in words, the same on the Overview's pool table and in each project's detail. */
export const STANDING_WORDS: Record<Standing['state'], string> = {
  ok: 'serving',
  exhausted: 'used up today',
  resting: 'resting',
  'at-limit': 'at its limit',
};

export function standingOf(quota: ModelQuotaView, now: number): Standing {
  const cooling = quota.cooldownUntil !== null && quota.cooldownUntil > now;
  const dayFull = quota.rpd.limit !== null && quota.rpd.used >= quota.rpd.limit;
  if (cooling && quota.cooldownScope === 'day') return { state: 'exhausted', until: quota.cooldownUntil! };
  if (dayFull) return { state: 'exhausted', until: quota.rpd.resetsAt };
  if (cooling) return { state: 'resting', until: quota.cooldownUntil! };
  if (quota.atLimitUntil !== null && quota.atLimitUntil > now)
    return { state: 'at-limit', until: quota.atLimitUntil };
  return { state: 'ok', until: null };
}

/**
 * The day's requests as a bar shows them, agreeing with the standing: a project Google called
 * exhausted reads full, whatever count gemgate kept (then "used up" says why), and never "3 of 250".
 */
export interface DayReading {
  used: number;
  /** The limit in force, as the pool reports it (learned from Google where it was). */
  limit: number | null;
  /** 0..1 of the bar. */
  fill: number;
  text: string;
  usedUp: boolean;
}

export function dayReading(quota: ModelQuotaView, now: number): DayReading {
  const { used, limit } = quota.rpd;
  const usedUp = standingOf(quota, now).state === 'exhausted';
  if (usedUp) {
    // Google counts only what it answered: a request it refused for the day is not one more of its limit.
    const counted = limit !== null && used >= limit ? `${limit} of ${limit}` : `${used} counted`;
    return { used, limit, fill: 1, text: `${counted} · used up for today`, usedUp };
  }
  if (limit === null) return { used, limit, fill: 0, text: `${used} (no limit known)`, usedUp };
  return { used, limit, fill: Math.min(1, used / limit), text: `${used} of ${limit}`, usedUp };
}

/** How much of a window is left, or null when its limit is unknown. */
export function left(meter: QuotaMeter): number | null {
  return meter.limit === null ? null : Math.max(0, meter.limit - meter.used);
}

/** Whether a project can serve at all: an enabled account and at least one active key. */
export function projectServes(account: AccountView, project: ProjectView): boolean {
  return account.state === 'active' && project.keys.some((key) => key.state === 'active');
}

/**
 * The models a project's detail shows: those it served or tried today, or that rest. A model it
 * never used, and one gemgate merely counted on the way to a refusal elsewhere, stay out.
 */
export function modelsInUse(project: ProjectView, now: number): ModelQuotaView[] {
  return project.quotas.models.filter(
    (quota) =>
      !GATEWAY_BUCKETS.has(quota.model) &&
      (quota.rpd.used > 0 || quota.rpm.used > 0 || standingOf(quota, now).state !== 'ok'),
  );
}

/**
 * Quota buckets the pool keeps for calls that are not a model's (listing models, counting tokens,
 * files and caches): Google meters them apart, and nobody asks how many are left of them.
 */
const GATEWAY_BUCKETS = new Set(['models.list', 'countTokens', 'files', 'cachedContents']);

export interface Carrier {
  account: string;
  /** The project as the Keys page names it: a Google Cloud project id, or the key it was made for. */
  project: string;
  standing: Standing;
  left: number | null;
}

export interface PoolModelQuota {
  model: string;
  provider: string;
  /** Requests still allowed today over the projects that can serve it; null when no limit is known. */
  leftToday: number | null;
  /** Some serving projects have no known limit: `leftToday` counts only the others. */
  unknownLimits: number;
  usedToday: number;
  /** Projects that can take a request for it right now. */
  servingNow: number;
  /** When more becomes available: the earliest end of a rest or of a day (midnight Pacific). */
  nextReset: number | null;
  carriers: Carrier[];
}

/** Across the pool, per model in use: what is left today, when it resets, which accounts carry it. */
export function poolQuota(accounts: readonly AccountView[], now: number): PoolModelQuota[] {
  const byModel = new Map<string, PoolModelQuota>();
  for (const account of accounts) {
    for (const project of account.projects) {
      if (!projectServes(account, project)) continue;
      for (const quota of modelsInUse(project, now)) {
        const row = byModel.get(quota.model) ?? {
          model: quota.model,
          provider: project.provider,
          leftToday: null,
          unknownLimits: 0,
          usedToday: 0,
          servingNow: 0,
          nextReset: null,
          carriers: [],
        };
        const standing = standingOf(quota, now);
        const remaining = standing.state === 'exhausted' ? 0 : left(quota.rpd);
        row.usedToday += quota.rpd.used;
        if (remaining === null) row.unknownLimits++;
        else row.leftToday = (row.leftToday ?? 0) + remaining;
        if (standing.state === 'ok') row.servingNow++;
        // A window without a known limit frees nothing when it turns: only rests and known days count.
        const reset = standing.until ?? (quota.rpd.limit === null ? null : quota.rpd.resetsAt);
        if (reset !== null) row.nextReset = row.nextReset === null ? reset : Math.min(row.nextReset, reset);
        row.carriers.push({
          account: account.label,
          project: projectName(project),
          standing,
          left: remaining,
        });
        byModel.set(quota.model, row);
      }
    }
  }
  return [...byModel.values()].sort((a, b) => b.usedToday - a.usedToday || a.model.localeCompare(b.model));
}

export function projectName(project: ProjectView): string {
  if (project.provider !== 'gemini') return `${project.provider} account quota`;
  return project.gcpProject ?? `own project of ${project.label}`;
}

/**
 * Where a limit in force comes from, in words, when the pool says:
 *
 * | source    | said as                                        |
 * | --------- | ---------------------------------------------- |
 * | `learned` | limit Google named (FreeTier), today 14:05     |
 * | `rule`    | limit set by your rule                         |
 * | `default` | gemgate's default limit                        |
 */
export function limitSource(
  meter: Pick<QuotaMeter, 'source' | 'learnedAt' | 'tier'>,
  now: number,
): string | null {
  switch (meter.source) {
    case 'learned':
      return `limit Google named${meter.tier ? ` (${meter.tier})` : ''}${meter.learnedAt ? `, ${formatClock(meter.learnedAt, now)}` : ''}`;
    case 'rule':
      return 'limit set by your rule';
    case 'default':
      return "gemgate's default limit";
    default:
      return null;
  }
}
