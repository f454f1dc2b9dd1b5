import type { GoogleErrorBody } from '../gemini/types.js';

/** The three limits gemgate counts against (the pool's LimitField, spelled here as upstream cannot import it). */
export type QuotaField = 'rpm' | 'tpm' | 'rpd';

/** One limit a 429 names: the project's limit for a field, as Google enforces it. */
export interface QuotaReading {
  field: QuotaField;
  /** Google's `quotaValue`: the limit itself, a whole number of at least 1. */
  value: number;
  /** The usage tier the quota id names (`FreeTier`), or null when it names none. */
  tier: string | null;
  quotaId: string;
  /** `quotaDimensions.model`, when Google names the model. */
  model: string | null;
}

const QUOTA_FAILURE = 'type.googleapis.com/google.rpc.QuotaFailure';

/**
 * Which limit a quota id is, read from the words Google builds its ids from
 * (https://ai.google.dev/gemini-api/docs/rate-limits: "RPM, TPM (input), RPD"):
 *
 * | quota id (as Google sends it, `-FreeTier` or another tier after the last `-`) | field |
 * | ------------------------------------------------------------------------------ | ----- |
 * | `GenerateRequestsPerMinutePerProjectPerModel-FreeTier`                         | rpm   |
 * | `GenerateRequestsPerDayPerProjectPerModel-FreeTier`                            | rpd   |
 * | `GenerateContentInputTokensPerModelPerMinute-FreeTier`                         | tpm   |
 * | tokens per day, images per minute, anything else                               | none: gemgate does not count it |
 */
export function fieldOfQuotaId(quotaId: string): QuotaField | null {
  const id = quotaId.replace(/-[^-]*$/, '');
  if (/InputTokens/i.test(id) && /PerMinute/i.test(id)) return 'tpm';
  if (/Tokens/i.test(id)) return null;
  if (/Requests/i.test(id) && /PerDay/i.test(id)) return 'rpd';
  if (/Requests/i.test(id) && /PerMinute/i.test(id)) return 'rpm';
  return null;
}

/** `FreeTier` from `GenerateRequestsPerDayPerProjectPerModel-FreeTier`; null when the id names no tier. */
export function tierOfQuotaId(quotaId: string): string | null {
  const dash = quotaId.lastIndexOf('-');
  return dash > 0 && dash < quotaId.length - 1 ? quotaId.slice(dash + 1) : null;
}

/**
 * The limits a 429's `QuotaFailure.violations[]` state, one reading per violation that names a
 * field gemgate counts and a usable value. `quotaValue` "0" says the model is not on the project's
 * tier at all (classifyFailure cools such a project for an hour); it is not a limit to plan with,
 * so it teaches nothing here. A value that is not a whole number teaches nothing either.
 */
export function readQuotaViolations(body: GoogleErrorBody | undefined): QuotaReading[] {
  const readings: QuotaReading[] = [];
  for (const detail of body?.error?.details ?? []) {
    if (detail['@type'] !== QUOTA_FAILURE) continue;
    for (const violation of detail.violations ?? []) {
      const quotaId = violation.quotaId ?? '';
      const field = fieldOfQuotaId(quotaId);
      const raw = violation.quotaValue;
      if (!field || typeof raw !== 'string' || !/^\d{1,12}$/.test(raw.trim())) continue;
      const value = Number(raw.trim());
      if (value < 1) continue;
      readings.push({
        field,
        value,
        tier: tierOfQuotaId(quotaId),
        quotaId,
        model: violation.quotaDimensions?.model ?? null,
      });
    }
  }
  return readings;
}
