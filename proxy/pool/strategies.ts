import type { QuotaState } from './quotaState.js';

export const STRATEGIES = ['round-robin', 'most-headroom', 'weighted'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** The projects of one tier for one model, in a fixed ring order, with where the last choice stopped. */
export interface Ring {
  readonly slots: Int32Array;
  cursor: number;
  /** Weighted strategy: running sums of the projects' weights, built when first needed. */
  cumulative: Float64Array | null;
  /**
   * Nothing in this ring can serve before this time (found by a full pass), valid while the pool's
   * epoch is `blockedEpoch`: lets a 429 storm on every primary skip the ring in O(1).
   */
  blockedUntil: number;
  blockedEpoch: number;
}

/** What a strategy may ask the pool about a project slot, for the request being served. */
export interface Judge {
  /** The project can take this request now (keys left, not cooling, under its limits, allowed, not excluded). */
  eligible(slot: number): boolean;
  stateOf(slot: number): QuotaState;
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
export function roundRobin(ring: Ring, judge: Judge): number {
  const { slots } = ring;
  const n = slots.length;
  for (let i = 0, idx = ring.cursor; i < n; i++, idx++) {
    if (idx >= n) idx -= n;
    const slot = slots[idx]!;
    if (judge.eligible(slot)) {
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
export function mostHeadroom(ring: Ring, judge: Judge, window = HEADROOM_WINDOW): number {
  const { slots } = ring;
  const n = slots.length;
  let best = -1;
  let bestIdx = -1;
  let bestRoom = -Infinity;
  let seen = 0;
  for (let i = 0, idx = ring.cursor; i < n && seen < window; i++, idx++) {
    if (idx >= n) idx -= n;
    const slot = slots[idx]!;
    if (!judge.eligible(slot)) continue;
    seen++;
    const room = judge.stateOf(slot).headroom();
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
export function weighted(ring: Ring, judge: Judge, random: () => number): number {
  const { slots } = ring;
  const n = slots.length;
  if (n === 0) return -1;
  const cumulative = (ring.cumulative ??= buildCumulative(slots, judge));
  const total = cumulative[n - 1]!;
  for (let draw = 0; draw < WEIGHTED_DRAWS; draw++) {
    const slot = slots[upperBound(cumulative, random() * total)]!;
    if (judge.eligible(slot)) return slot;
  }
  let sum = 0;
  let chosen = -1;
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    if (!judge.eligible(slot)) continue;
    const weight = judge.stateOf(slot).weight();
    sum += weight;
    if (random() * sum < weight) chosen = slot;
  }
  return chosen;
}

function buildCumulative(slots: Int32Array, judge: Judge): Float64Array {
  const cumulative = new Float64Array(slots.length);
  let sum = 0;
  for (let i = 0; i < slots.length; i++) {
    sum += judge.stateOf(slots[i]!).weight();
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
