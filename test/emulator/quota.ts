import type { QuotaKind } from './errors.js';
import { nextPacificMidnight, pacificDay } from './pacific-time.js';
import type { QuotaLimits } from './types.js';

/**
 * Per-project, per-model quotas, as Gemini enforces them (https://ai.google.dev/gemini-api/docs/rate-limits:
 * limits apply per project, not per API key; RPD resets at midnight Pacific). Minutes are fixed clock
 * minutes, so the retry delay of a per-minute 429 is the time to the next minute; the retry delay of
 * a per-day 429 is the time to the next Pacific midnight.
 */

export interface QuotaDenial {
  kind: QuotaKind;
  limit: number;
  retryDelayMs: number;
}

interface Usage {
  minute: number;
  minuteRequests: number;
  minuteTokens: number;
  day: string;
  dayRequests: number;
}

const MINUTE_MS = 60_000;

export class QuotaBook {
  private rules: QuotaLimits[] = [];
  private readonly usage = new Map<string, Usage>();

  setQuota(limits: QuotaLimits): void {
    this.rules.push({ ...limits, model: limits.model?.replace(/^models\//, '') });
  }

  reset(): void {
    this.rules = [];
    this.usage.clear();
  }

  /** The limits in force for (project, model): later rules override the fields they set. */
  limitsFor(projectId: string, model: string): { rpm?: number; rpd?: number; tpm?: number } {
    const out: { rpm?: number; rpd?: number; tpm?: number } = {};
    for (const rule of this.rules) {
      if (rule.projectId !== undefined && rule.projectId !== projectId) continue;
      if (rule.model !== undefined && rule.model !== model) continue;
      if (rule.rpm !== undefined) out.rpm = rule.rpm;
      if (rule.rpd !== undefined) out.rpd = rule.rpd;
      if (rule.tpm !== undefined) out.tpm = rule.tpm;
    }
    return out;
  }

  private current(projectId: string, model: string, now: number): Usage {
    const key = `${projectId}\u0000${model}`;
    const minute = Math.floor(now / MINUTE_MS);
    const day = pacificDay(now);
    let u = this.usage.get(key);
    if (!u) {
      u = { minute, minuteRequests: 0, minuteTokens: 0, day, dayRequests: 0 };
      this.usage.set(key, u);
    }
    if (u.minute !== minute) Object.assign(u, { minute, minuteRequests: 0, minuteTokens: 0 });
    if (u.day !== day) Object.assign(u, { day, dayRequests: 0 });
    return u;
  }

  /**
   * Admits one generate request of `promptTokens` input tokens, or says which quota it exceeds.
   * A refused request is not charged (Gemini does not bill a 429).
   */
  admit(projectId: string, model: string, promptTokens: number, now: number): QuotaDenial | undefined {
    const limits = this.limitsFor(projectId, model);
    const u = this.current(projectId, model, now);
    const toNextMinute = MINUTE_MS - (now % MINUTE_MS);
    if (limits.rpd !== undefined && u.dayRequests + 1 > limits.rpd) {
      return { kind: 'rpd', limit: limits.rpd, retryDelayMs: nextPacificMidnight(now) - now };
    }
    if (limits.rpm !== undefined && u.minuteRequests + 1 > limits.rpm) {
      return { kind: 'rpm', limit: limits.rpm, retryDelayMs: toNextMinute };
    }
    if (limits.tpm !== undefined && u.minuteTokens + promptTokens > limits.tpm) {
      return { kind: 'tpm', limit: limits.tpm, retryDelayMs: toNextMinute };
    }
    u.dayRequests++;
    u.minuteRequests++;
    u.minuteTokens += promptTokens;
    return undefined;
  }
}
