import { familyDefault } from './freeTierDefaults.js';

/**
 * Quota limits per project and model: requests per minute (RPM), input tokens per minute (TPM) and
 * requests per Pacific day (RPD). Gemini enforces them per Google Cloud project and per model
 * (https://ai.google.dev/gemini-api/docs/rate-limits); gemgate keeps its own count against them so
 * it can skip a project that is at its limit instead of spending a call on a certain 429 (limits the
 * user set or Google stated: a built-in default is only a first guess, see QuotaState.caps).
 */

export interface QuotaLimits {
  /** Infinity when there is no limit. */
  rpm: number;
  tpm: number;
  rpd: number;
}

export const LIMIT_FIELDS = ['rpm', 'tpm', 'rpd'] as const;
export type LimitField = (typeof LIMIT_FIELDS)[number];

export const UNLIMITED: QuotaLimits = Object.freeze({ rpm: Infinity, tpm: Infinity, rpd: Infinity });

/** Where a limit in force comes from: the built-in free-tier table, the user's rule, or Google's 429. */
export type LimitSource = 'default' | 'rule' | 'learned';

/** A limit Google stated in a 429 (QuotaFailure `quotaValue`) for one project, model and field. */
export interface LearnedLimit {
  projectId: string;
  model: string;
  field: LimitField;
  value: number;
  /** The usage tier the quota id names (`FreeTier`), or null. */
  tier: string | null;
  quotaId: string;
  /** Epoch ms of the 429 that stated it. */
  learnedAt: number;
}

/** The limits learned for one (project, model), by field. */
export type LearnedFields = Partial<Readonly<Record<LimitField, LearnedLimit>>>;

/** One field's limit in force and where it comes from (with the 429's date and tier when learned). */
export interface ResolvedLimit {
  value: number;
  source: LimitSource;
  learnedAt?: number;
  tier?: string | null;
}

/**
 * A user's override. `model` is an exact model id, a family pattern ending in `*`
 * (`gemini-2.5-*`), or `*` for every model. Per field: null inherits from the next, less specific
 * rule; Infinity lifts the limit.
 */
export interface LimitOverride {
  /** null: every project. */
  projectId: string | null;
  model: string;
  rpm: number | null;
  tpm: number | null;
  rpd: number | null;
}

/** How well an override's model pattern matches a model: -1 not at all, higher is more specific. */
export function patternSpecificity(pattern: string, model: string): number {
  if (pattern === model) return 10_000;
  if (pattern === '*') return 0;
  if (pattern.endsWith('*') && model.startsWith(pattern.slice(0, -1))) return pattern.length;
  return -1;
}

/** Model patterns users may write: an id (lowercase letters, digits, `.`, `-`), optionally ending in `*`. */
export function isModelPattern(pattern: string): boolean {
  return pattern === '*' || /^[a-z0-9][a-z0-9._-]*\*?$/.test(pattern);
}

/**
 * Resolves the limits in force for (project, model), field by field. A user's rule always wins, as
 * the user knows their project: the project's own overrides (exact model, then longer patterns,
 * then `*`), then overrides for every project in the same order. Without one, a limit Google
 * stated for this project and model in a 429; without that, the built-in free-tier default.
 */
export class LimitBook {
  private readonly overrides: readonly LimitOverride[];

  constructor(overrides: readonly LimitOverride[] = []) {
    this.overrides = overrides;
  }

  resolve(projectId: string, model: string, learned?: LearnedFields): QuotaLimits {
    const explained = this.explain(projectId, model, learned);
    return { rpm: explained.rpm.value, tpm: explained.tpm.value, rpd: explained.rpd.value };
  }

  /** Each field's limit in force, with its source. */
  explain(projectId: string, model: string, learned?: LearnedFields): Record<LimitField, ResolvedLimit> {
    const ranked = this.overrides
      .map((rule) => ({ rule, specificity: patternSpecificity(rule.model, model) }))
      .filter(
        ({ rule, specificity }) =>
          specificity >= 0 && (rule.projectId === null || rule.projectId === projectId),
      )
      .sort(
        (a, b) =>
          Number(b.rule.projectId !== null) - Number(a.rule.projectId !== null) ||
          b.specificity - a.specificity,
      );
    const builtIn = familyDefault(model);
    const pick = (field: LimitField): ResolvedLimit => {
      const chosen = ranked.find(({ rule }) => rule[field] !== null)?.rule[field];
      if (chosen !== undefined && chosen !== null) return { value: chosen, source: 'rule' };
      const taught = learned?.[field];
      if (taught) {
        return { value: taught.value, source: 'learned', learnedAt: taught.learnedAt, tier: taught.tier };
      }
      return { value: builtIn?.[field] ?? Infinity, source: 'default' };
    };
    return { rpm: pick('rpm'), tpm: pick('tpm'), rpd: pick('rpd') };
  }

  list(): readonly LimitOverride[] {
    return this.overrides;
  }
}

/** The limits in force (shown, planned with) and the caps our count enforces, both frozen. */
export interface ResolvedLimits {
  limits: QuotaLimits;
  caps: QuotaLimits;
}

/** A built-in default is planned with but not enforced: its cap is Infinity (see QuotaState.caps). */
export function resolvedLimits(explained: Record<LimitField, ResolvedLimit>): ResolvedLimits {
  const cap = (limit: ResolvedLimit) => (limit.source === 'default' ? Infinity : limit.value);
  return {
    limits: Object.freeze({ rpm: explained.rpm.value, tpm: explained.tpm.value, rpd: explained.rpd.value }),
    caps: Object.freeze({ rpm: cap(explained.rpm), tpm: cap(explained.tpm), rpd: cap(explained.rpd) }),
  };
}
