/**
 * Quota limits per project and model: requests per minute (RPM), input tokens per minute (TPM) and
 * requests per Pacific day (RPD). Gemini enforces them per Google Cloud project and per model
 * (https://ai.google.dev/gemini-api/docs/rate-limits); gemgate keeps its own count against them so
 * it can skip a project that is at its limit instead of spending a call on a certain 429.
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

export interface FamilyDefault extends QuotaLimits {
  /** A model id prefix; the longest matching prefix wins, so `-lite` is not taken for its parent. */
  family: string;
}

/**
 * Free-tier limits as ai.google.dev/gemini-api/docs/rate-limits listed them in 2025. Google
 * changes these often and per project (AI Studio shows a project's own), which is why every one of
 * them can be changed with `gemgate limits set`. A model without an entry is not limited in
 * advance: its 429s still cool the project down.
 */
export const FREE_TIER_DEFAULTS: readonly FamilyDefault[] = [
  { family: 'gemini-2.5-pro', rpm: 5, tpm: 250_000, rpd: 100 },
  { family: 'gemini-2.5-flash', rpm: 10, tpm: 250_000, rpd: 250 },
  { family: 'gemini-2.5-flash-lite', rpm: 15, tpm: 250_000, rpd: 1_000 },
  { family: 'gemini-2.0-flash', rpm: 15, tpm: 1_000_000, rpd: 200 },
  { family: 'gemini-2.0-flash-lite', rpm: 30, tpm: 1_000_000, rpd: 200 },
  { family: 'gemma-3', rpm: 30, tpm: 15_000, rpd: 14_400 },
  { family: 'gemini-embedding-001', rpm: 100, tpm: 30_000, rpd: 1_000 },
  // Image and speech models share a text model's name but not its limits (Google lists them apart
  // and changes them often): no limit in advance, so they never inherit the text model's; their
  // 429s still cool the project down.
  { family: 'gemini-2.5-flash-image', rpm: Infinity, tpm: Infinity, rpd: Infinity },
  { family: 'gemini-2.5-flash-preview-tts', rpm: Infinity, tpm: Infinity, rpd: Infinity },
  { family: 'gemini-2.5-pro-preview-tts', rpm: Infinity, tpm: Infinity, rpd: Infinity },
];

/** The built-in default for a model: its longest matching family, or none. */
export function familyDefault(model: string): FamilyDefault | undefined {
  let best: FamilyDefault | undefined;
  for (const entry of FREE_TIER_DEFAULTS) {
    if (model !== entry.family && !model.startsWith(`${entry.family}-`)) continue;
    if (!best || entry.family.length > best.family.length) best = entry;
  }
  return best;
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
 * Resolves the limits in force for (project, model), field by field, from the most specific rule
 * that sets the field: the project's own overrides (exact model, then longer patterns, then `*`),
 * then overrides for every project in the same order, then the built-in free-tier default.
 */
export class LimitBook {
  private readonly overrides: readonly LimitOverride[];

  constructor(overrides: readonly LimitOverride[] = []) {
    this.overrides = overrides;
  }

  resolve(projectId: string, model: string): QuotaLimits {
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
    const out = { ...UNLIMITED };
    for (const field of LIMIT_FIELDS) {
      const chosen = ranked.find(({ rule }) => rule[field] !== null)?.rule[field];
      out[field] = chosen ?? builtIn?.[field] ?? Infinity;
    }
    return out;
  }

  list(): readonly LimitOverride[] {
    return this.overrides;
  }
}
