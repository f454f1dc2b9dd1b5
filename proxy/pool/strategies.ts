import type { QuotaState } from './quotaState.js';
import type { AcquireOptions } from './keyPool.js';
import type { ModelBook, Ring } from './modelBooks.js';

export const STRATEGIES = ['round-robin', 'most-headroom', 'weighted'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * What a strategy may ask about a project slot. The request being served (the model's book, the
 * caller's options, the time) passes through a strategy untouched, as arguments, so a choice
 * allocates nothing and keeps nothing in fields.
 */
export interface Judge {
  /** The project can take this request now (keys left, not cooling, under its limits, allowed, not excluded). */
  eligible(slot: number, book: ModelBook, options: AcquireOptions, now: number): boolean;
  stateOf(slot: number, book: ModelBook): QuotaState;
}

/** How many eligible projects most-headroom compares per choice: all of them in any pool a person owns. */
export const HEADROOM_WINDOW = 64;
/** Random draws before a full pass: enough that even with 90% of projects cooling, fewer than 0.2% of choices need the pass. */
const WEIGHTED_DRAWS = 64;

/**
 * Each strategy returns the chosen slot or -1, and costs O(1) when the project at the cursor can
 * serve; skipping an ineligible project is a few field reads.
 */

/** The next eligible project after the last one chosen. */
export function roundRobin(
  ring: Ring,
  judge: Judge,
  book: ModelBook,
  options: AcquireOptions,
  now: number,
): number {
  const { slots } = ring;
  const n = slots.length;
  for (let i = 0, idx = ring.cursor; i < n; i++, idx++) {
    if (idx >= n) idx -= n;
    const slot = slots[idx]!;
    if (judge.eligible(slot, book, options, now)) {
      ring.cursor = idx + 1 >= n ? 0 : idx + 1;
      return slot;
    }
  }
  return -1;
}

/**
 * The eligible project with the largest share of its tightest limit still free. Compares the next
 * HEADROOM_WINDOW eligible projects from the cursor (all of them in pools of that size or less);
 * ties go to the first, and the cursor moves past the winner so equals take turns.
 */
export function mostHeadroom(
  ring: Ring,
  judge: Judge,
  book: ModelBook,
  options: AcquireOptions,
  now: number,
  window = HEADROOM_WINDOW,
): number {
  const { slots } = ring;
  const n = slots.length;
  let best = -1;
  let bestIdx = -1;
  let bestRoom = -Infinity;
  let seen = 0;
  for (let i = 0, idx = ring.cursor; i < n && seen < window; i++, idx++) {
    if (idx >= n) idx -= n;
    const slot = slots[idx]!;
    if (!judge.eligible(slot, book, options, now)) continue;
    seen++;
    const room = judge.stateOf(slot, book).headroom();
    if (room > bestRoom) {
      bestRoom = room;
      best = slot;
      bestIdx = idx;
    }
  }
  if (best >= 0) ring.cursor = bestIdx + 1 >= n ? 0 : bestIdx + 1;
  return best;
}

/**
 * A random project, each with probability proportional to its weight (its daily budget, see
 * QuotaState.weight): a binary search in the running sums, redrawn when the draw cannot serve,
 * then one weighted pass over the eligible ones if the draws keep missing.
 */
export function weighted(
  ring: Ring,
  judge: Judge,
  book: ModelBook,
  options: AcquireOptions,
  now: number,
  random: () => number,
): number {
  const { slots } = ring;
  const n = slots.length;
  if (n === 0) return -1;
  const cumulative = (ring.cumulative ??= buildCumulative(slots, judge, book));
  const total = cumulative[n - 1]!;
  for (let draw = 0; draw < WEIGHTED_DRAWS; draw++) {
    const slot = slots[upperBound(cumulative, random() * total)]!;
    if (judge.eligible(slot, book, options, now)) return slot;
  }
  let sum = 0;
  let chosen = -1;
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    if (!judge.eligible(slot, book, options, now)) continue;
    const weight = judge.stateOf(slot, book).weight();
    sum += weight;
    if (random() * sum < weight) chosen = slot;
  }
  return chosen;
}

function buildCumulative(slots: Int32Array, judge: Judge, book: ModelBook): Float64Array {
  const cumulative = new Float64Array(slots.length);
  let sum = 0;
  for (let i = 0; i < slots.length; i++) {
    sum += judge.stateOf(slots[i]!, book).weight();
    cumulative[i] = sum;
  }
  return cumulative;
}

/** The first index whose running sum exceeds `value`. */
function upperBound(cumulative: Float64Array, value: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
