import type { LearnedLimit, LimitField, QuotaLimits, ResolvedLimit } from './limits.js';
import type { QuotaState } from './quotaState.js';

/** The shapes the model books keep and show (modelBooks.ts), apart so that file stays about behaviour. */

export interface QuotaHooks {
  /** A 429: the project is left alone for this model until `state.coolUntil`. */
  onCooldown?(state: QuotaState): void;
  /** Our own count reached the project's daily limit for this model. */
  onDayExhausted?(state: QuotaState): void;
  /** A 429 stated limits of a project for a model that the pool did not know (or knew otherwise). */
  onLearned?(limits: readonly LearnedLimit[]): void;
}

/** The projects of one tier for one model, in a fixed ring order, with where the last choice stopped. */
export interface Ring {
  readonly slots: Int32Array;
  cursor: number;
  /** Weighted strategy: running sums of the projects' weights, built when first needed. */
  cumulative: Float64Array | null;
  /**
   * Nothing in this ring can serve before this time (found by a full pass), valid while the books'
   * epoch is `blockedEpoch`: lets a 429 storm on every primary skip the ring in O(1).
   */
  blockedUntil: number;
  blockedEpoch: number;
}

/** One model's view of every project: its quota state (made on first use) and a ring per tier. */
export interface ModelBook {
  readonly model: string;
  /** By project slot (see ProjectTable). */
  states: Array<QuotaState | undefined>;
  /** By tier, in TIERS order. */
  rings: Ring[];
}

/** One project's standing for one model, as status and the dashboard show it. */
export interface QuotaStanding {
  projectId: string;
  model: string;
  limits: QuotaLimits;
  /** Where each limit comes from: the built-in default, the user's rule, or learned from Google. */
  sources: Record<LimitField, ResolvedLimit>;
  minuteRequests: number;
  minuteTokens: number;
  dayRequests: number;
  coolingUntil: number | null;
  coolScope: QuotaState['coolScope'];
  atLimitUntil: number | null;
}
