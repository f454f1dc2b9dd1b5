import type { GoogleErrorBody } from '../gemini/types.js';

/**
 * Which spending limit stopped a project. Google added spend-based limits in June 2026
 * (ai.google.dev/gemini-api/docs/rate-limits, "Spend-based rate limits", and the troubleshooting
 * page's 429 entry, both updated 2026-06-23 per techdevnotes.com's record of the docs that day) and
 * Project Spend Caps in AI Studio (blog.google, "Giving you more transparency and control over your
 * Gemini API costs"). Their 429s carry no QuotaFailure and no RetryInfo: only the message says
 * which limit it is, so the message is what is matched.
 *
 * | message (as Google words it; bodies quoted in public code, see errors.ts in the emulator) | cap | can change |
 * | --- | --- | --- |
 * | "Your project has exceeded its monthly spending cap. …"         | project-monthly | when the month turns (or the user raises the cap) |
 * | "Your billing account has exceeded its monthly spending cap. …" | billing-monthly | when the month turns (or the tier goes up) |
 * | "Your prepayment credits are depleted. …" (429, sometimes 402)   | prepay          | whenever credits are bought |
 */
export type SpendCap = 'project-monthly' | 'billing-monthly' | 'prepay';

export const SPEND_CAPS: readonly SpendCap[] = ['project-monthly', 'billing-monthly', 'prepay'];

export function isSpendCap(value: unknown): value is SpendCap {
  return SPEND_CAPS.includes(value as SpendCap);
}

const CAPS: ReadonlyArray<[RegExp, SpendCap]> = [
  [/\bproject has exceeded its monthly spending cap\b/i, 'project-monthly'],
  [/\bbilling account has exceeded its monthly spending cap\b/i, 'billing-monthly'],
  [/\bprepayment credits are depleted\b/i, 'prepay'],
];

/** The spending limit a 429 (or 402) is about, or null for any other error. */
export function spendCapOf(status: number, body: GoogleErrorBody | undefined): SpendCap | null {
  if (status !== 429 && status !== 402) return null;
  const message = body?.error?.message ?? '';
  for (const [pattern, cap] of CAPS) if (pattern.test(message)) return cap;
  return null;
}
