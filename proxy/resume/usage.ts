import type { UsageMetadata } from '../gemini/types.js';

const SUMMED = [
  'promptTokenCount',
  'cachedContentTokenCount',
  'candidatesTokenCount',
  'toolUsePromptTokenCount',
  'thoughtsTokenCount',
  'totalTokenCount',
] as const;

/**
 * Usage over several attempts: every attempt re-sends the prompt and is billed for what it
 * generated, so counts add up. Gemini's per-chunk usage is cumulative within one attempt, so an
 * attempt contributes its last report only.
 */
export function addUsage(
  a: UsageMetadata | undefined,
  b: UsageMetadata | undefined,
): UsageMetadata | undefined {
  if (!a) return b && { ...b };
  if (!b) return { ...a };
  const sum: UsageMetadata = { ...a, ...b };
  for (const field of SUMMED) {
    if (a[field] === undefined && b[field] === undefined) continue;
    sum[field] = (a[field] ?? 0) + (b[field] ?? 0);
  }
  return sum;
}
