import type { QuotaReading } from '../upstream/quotaViolations.js';
import type { LearnedFields, LearnedLimit } from './limits.js';

const keyOf = (projectId: string, model: string) => `${projectId}\u0000${model}`;

/**
 * The limits Google stated in 429s, per project and model: what the pool plans with in place of the
 * built-in defaults (a user's rule still wins, see LimitBook). A new statement replaces the old one
 * for its field; one that says the same again changes nothing, so a storm of identical 429s writes
 * nothing.
 */
export class LearnedLimits {
  private readonly byKey = new Map<string, LearnedFields>();

  /** Replaces everything known (from the database, at start and after another process changed it). */
  load(records: readonly LearnedLimit[]): void {
    this.byKey.clear();
    for (const record of records) this.put(record);
  }

  get(projectId: string, model: string): LearnedFields | undefined {
    return this.byKey.get(keyOf(projectId, model));
  }

  /**
   * Takes in what a 429 for (project, model) stated; answers the limits that changed. Several
   * violations for one field (a body listing a quota twice) count once: the smallest value.
   */
  learn(projectId: string, model: string, readings: readonly QuotaReading[], now: number): LearnedLimit[] {
    const known = this.get(projectId, model);
    const changed = new Map<string, LearnedLimit>();
    for (const reading of readings) {
      const previous = changed.get(reading.field);
      if (previous && previous.value <= reading.value) continue;
      const before = known?.[reading.field];
      if (!previous && before && before.value === reading.value && before.tier === reading.tier) continue;
      changed.set(reading.field, {
        projectId,
        model,
        field: reading.field,
        value: reading.value,
        tier: reading.tier,
        quotaId: reading.quotaId,
        learnedAt: now,
      });
    }
    for (const record of changed.values()) this.put(record);
    return [...changed.values()];
  }

  /** Every learned limit, for the database and describe(). */
  all(): LearnedLimit[] {
    return [...this.byKey.values()].flatMap((fields) => Object.values(fields));
  }

  private put(record: LearnedLimit): void {
    const key = keyOf(record.projectId, record.model);
    this.byKey.set(key, { ...this.byKey.get(key), [record.field]: record });
  }
}
