/** A family's limits (QuotaLimits' shape; Infinity: none), by model id prefix. */
export interface FamilyDefault {
  /** A model id prefix; the longest matching prefix wins, so `-lite` is not taken for its parent. */
  family: string;
  rpm: number;
  tpm: number;
  rpd: number;
}

/** The date the table below was last checked against its sources. */
export const FREE_TIER_DEFAULTS_AS_OF = '2026-12-07';

const FLASH = { rpm: 5, tpm: 250_000, rpd: 20 };
const NEW_FLASH_LITE = { rpm: 15, tpm: 250_000, rpd: 500 };
/** Listed apart by Google and changed often: no limit in advance, never the text model's. */
const UNLISTED = { rpm: Infinity, tpm: Infinity, rpd: Infinity };

/**
 * What gemgate guesses for a project until it knows better: the free tier's limits, shown (`limits
 * list`, the dashboard's quota bars) and planned with (the strategies' shares), but not enforced
 * (QuotaState.caps): a paid project is far above them, and a free one says so with one 429, whose
 * stated limit the project is held to from then on (limits learned from Google). `gemgate limits
 * set` states them by hand.
 *
 * Sources, read 2026-12-07:
 * - Google's rate-limit page (https://ai.google.dev/gemini-api/docs/rate-limits, last updated
 *   2026-09-02 per robhunter/agentdeals#1637) no longer lists free-tier numbers per model: it sends
 *   each project to AI Studio for its own.
 * - The free tier was cut on 2025-12-06/07: 2.5 Flash from 250 to 20 requests a day, 2.5 Pro off the
 *   free tier (sh2/extension-summarize-translate-gemini#36, 2025-12-07; quasa.io, 2025-12-10).
 * - AI Studio's rate-limit table of a free project, as quoted in public code in 2026 (an August 2026
 *   console snapshot and others, all agreeing): every Flash model 5 RPM, 250,000 input TPM, 20 RPD
 *   (3.8 Flash's own 429 said `quotaValue` 20, `GenerateRequestsPerDayPerProjectPerModel-FreeTier`);
 *   2.5 Flash-Lite 10 / 250,000 / 20; 3.1 and 3.5 Flash-Lite 15 / 250,000 / 500; Gemma 3 30 /
 *   15,000 / 14,400; gemini-embedding-001 100 / 30,000 / 1,000; Pro models 0 (not on the free tier).
 *
 * Pro models have no entry: not on the free tier, a free project's first call gets the "limit: 0"
 * 429 and is left alone for an hour (classifyOutcome.ts), and a paid project is not held back by a
 * guess. The 2.0 models (shut down 2026-06-01) are gone from the table.
 */
export const FREE_TIER_DEFAULTS: readonly FamilyDefault[] = [
  { family: 'gemini-3.8-flash', ...FLASH },
  { family: 'gemini-3.7-flash', ...FLASH },
  { family: 'gemini-3.6-flash', ...FLASH },
  { family: 'gemini-3.5-flash', ...FLASH },
  { family: 'gemini-3.5-flash-lite', ...NEW_FLASH_LITE },
  { family: 'gemini-3.1-flash-lite', ...NEW_FLASH_LITE },
  { family: 'gemini-3-flash', ...FLASH },
  { family: 'gemini-2.5-flash', ...FLASH },
  { family: 'gemini-2.5-flash-lite', rpm: 10, tpm: 250_000, rpd: 20 },
  { family: 'gemma-3', rpm: 30, tpm: 15_000, rpd: 14_400 },
  { family: 'gemini-embedding-001', rpm: 100, tpm: 30_000, rpd: 1_000 },
  // Image and speech models share a text model's name but not its limits: no limit in advance, so
  // they never inherit the text model's; their 429s still cool the project down and teach it.
  { family: 'gemini-2.5-flash-image', ...UNLISTED },
  { family: 'gemini-2.5-flash-preview-tts', ...UNLISTED },
  { family: 'gemini-2.5-pro-preview-tts', ...UNLISTED },
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
