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

/** What the client sent, counted once: the first attempt's report holds it. */
const PROMPT_SIDE = [
  'promptTokenCount',
  'cachedContentTokenCount',
  'toolUsePromptTokenCount',
  'promptTokensDetails',
  'cacheTokensDetails',
  'toolUsePromptTokensDetails',
] as const;
/** What the model wrote, over every attempt. */
const OUTPUT_SIDE = ['candidatesTokenCount', 'thoughtsTokenCount'] as const;

/**
 * Usage as the client is shown it: one answer to its prompt. The prompt counts once, as the first
 * attempt reported it: that is the context the client holds, and agents such as Roo Code and Cline
 * read it to decide when to condense or cut the conversation, so a resume must not double it. The
 * output counts over every attempt. What every attempt re-sent is billed all the same: that sum
 * (addUsage) is what gemgate records and prices.
 */
export function answerUsage(attempts: ReadonlyArray<UsageMetadata | undefined>): UsageMetadata | undefined {
  const reported = attempts.filter((usage): usage is UsageMetadata => usage !== undefined);
  const first = reported[0];
  const last = reported.at(-1);
  if (!first || !last) return undefined;
  if (reported.length === 1) return { ...first };
  const answer: UsageMetadata = { ...last };
  const fields = answer as Record<string, unknown>;
  for (const field of PROMPT_SIDE) {
    if (first[field] === undefined) delete fields[field];
    else fields[field] = first[field];
  }
  // Per-modality output details cannot be added up reliably across attempts: left out.
  delete answer.candidatesTokensDetails;
  for (const field of OUTPUT_SIDE) {
    if (reported.every((usage) => usage[field] === undefined)) continue;
    answer[field] = reported.reduce((sum, usage) => sum + (usage[field] ?? 0), 0);
  }
  answer.totalTokenCount =
    (answer.promptTokenCount ?? 0) +
    (answer.toolUsePromptTokenCount ?? 0) +
    (answer.candidatesTokenCount ?? 0) +
    (answer.thoughtsTokenCount ?? 0);
  return answer;
}
