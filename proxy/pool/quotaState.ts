import type { QuotaLimits } from './limits.js';

export const MINUTE_MS = 60_000;

/** What a cooldown waits out: a minute or day quota, an unknown one, or a spending limit (every model). */
export type CooldownScope = 'minute' | 'day' | 'unknown' | 'spend';

/**
 * One project's standing for one model: what it used in the current clock minute and Pacific day,
 * its limits, and a cooldown after a 429. One mutable object per (project, model), updated in
 * place, so choosing a key allocates nothing.
 */
export class QuotaState {
  /** Until when Gemini told us to leave this project alone for this model (a 429's RetryInfo). */
  coolUntil = 0;
  coolScope: CooldownScope | null = null;
  quotaId: string | null = null;
  /** Until when our own count says the project is at a limit (end of the minute or the day). */
  limitUntil = 0;

  minuteStart = 0;
  minuteRequests = 0;
  minuteTokens = 0;
  /** End of the Pacific day the day counter belongs to. */
  dayEnd = 0;
  dayRequests = 0;

  /** Waiting to be written to the database. */
  dirty = false;
  /** The daily limit was reached and reported once (project.exhausted). */
  dayExhaustedReported = false;

  constructor(
    readonly projectId: string,
    readonly model: string,
    /** The limits in force as shown and planned with (shares, weights), built-in defaults included. */
    public limits: QuotaLimits,
    /**
     * The limits our count holds the project to: those the user set or Google stated. A built-in
     * default is only a first guess (a paid project is far above the free tier's), so it is not
     * enforced: the project is called past it, and Google's 429 at the real limit teaches that.
     */
    public caps: QuotaLimits = limits,
  ) {}

  /** Starts new windows when the minute or the day has turned. */
  roll(now: number, dayEnd: number): void {
    // `minuteStart` is always a whole minute, so comparing spares a floating-point remainder
    // on every choice: in key choice benchmarks, that remainder was most of the time spent.
    if (now >= this.minuteStart + MINUTE_MS || now < this.minuteStart) {
      this.minuteStart = now - (now % MINUTE_MS);
      this.minuteRequests = 0;
      this.minuteTokens = 0;
    }
    if (dayEnd !== this.dayEnd) {
      this.dayEnd = dayEnd;
      this.dayRequests = 0;
      this.dayExhaustedReported = false;
    }
  }

  /**
   * When the project, by our count, may next be called for this model: 0 if now, else the end of
   * the window whose limit it reached. Call after `roll`.
   */
  blockedByLimitUntil(): number {
    const caps = this.caps;
    if (this.dayRequests >= caps.rpd) return this.dayEnd;
    if (this.minuteRequests >= caps.rpm || this.minuteTokens >= caps.tpm) {
      return this.minuteStart + MINUTE_MS;
    }
    return 0;
  }

  /** Share of the tightest limit still free, 0..1 (1 when unlimited). Call after `roll`. */
  headroom(): number {
    const { rpm, tpm, rpd } = this.limits;
    let free = 1;
    if (rpm !== Infinity) free = Math.min(free, 1 - this.minuteRequests / rpm);
    if (rpd !== Infinity) free = Math.min(free, 1 - this.dayRequests / rpd);
    if (tpm !== Infinity) free = Math.min(free, 1 - this.minuteTokens / tpm);
    return free;
  }

  /** Relative share for the weighted strategy: the daily budget, which is what runs out. */
  weight(): number {
    const { rpd, rpm } = this.limits;
    if (rpd !== Infinity) return rpd;
    if (rpm !== Infinity) return rpm * 1440;
    return UNLIMITED_WEIGHT;
  }
}

/** Weight of a project without request limits: far above any free-tier budget. */
export const UNLIMITED_WEIGHT = 1_000_000;

/**
 * The model of a saved cooldown that stops every model of its project: a spending limit (scope
 * `spend`, its SpendCap in `quotaId`).
 */
export const EVERY_MODEL = '*';

/** A cooldown as saved across restarts. */
export interface CooldownRecord {
  projectId: string;
  model: string;
  until: number;
  scope: CooldownScope | null;
  quotaId: string | null;
}

/** Request counters as saved across restarts. */
export interface CounterRecord {
  projectId: string;
  model: string;
  minuteStart: number;
  minuteRequests: number;
  minuteTokens: number;
  /** End of the Pacific day `dayRequests` belongs to. */
  dayEnd: number;
  dayRequests: number;
}
