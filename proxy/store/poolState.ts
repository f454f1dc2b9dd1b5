import type { Db } from './database.js';
import type { CooldownRecord, CounterRecord } from '../pool/quotaState.js';

interface CooldownRow {
  project_id: string;
  model: string;
  until: number;
  scope: string;
  quota_id: string | null;
}

interface CounterRow {
  project_id: string;
  model: string;
  minute_start: number;
  minute_requests: number;
  minute_tokens: number;
  day_end: number;
  day_requests: number;
}

/** Cooldowns and request counters of the key pool, kept across restarts. */
export class PoolStateRepository {
  constructor(private readonly db: Db) {}

  cooldowns(now = Date.now()): CooldownRecord[] {
    const rows = this.db
      .prepare('SELECT * FROM pool_cooldowns WHERE until > ? ORDER BY project_id, model')
      .all(now) as CooldownRow[];
    return rows.map((row) => ({
      projectId: row.project_id,
      model: row.model,
      until: row.until,
      scope: row.scope === 'minute' || row.scope === 'day' || row.scope === 'spend' ? row.scope : 'unknown',
      quotaId: row.quota_id,
    }));
  }

  saveCooldown(cooldown: CooldownRecord, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO pool_cooldowns (project_id, model, until, scope, quota_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(project_id, model) DO UPDATE SET
           until = excluded.until, scope = excluded.scope, quota_id = excluded.quota_id,
           created_at = excluded.created_at`,
      )
      .run(
        cooldown.projectId,
        cooldown.model,
        cooldown.until,
        cooldown.scope ?? 'unknown',
        cooldown.quotaId,
        now,
      );
  }

  /**
   * Lifts a project's spending limit (`gemgate limits resume`: the user raised the cap or bought
   * credits); answers whether there was one.
   */
  removeSpendCap(projectId: string): boolean {
    return (
      this.db
        .prepare("DELETE FROM pool_cooldowns WHERE project_id = ? AND model = '*' AND scope = 'spend'")
        .run(projectId).changes > 0
    );
  }

  /** Drops cooldowns that have run out; they only matter while they last. */
  pruneCooldowns(now = Date.now()): void {
    this.db.prepare('DELETE FROM pool_cooldowns WHERE until <= ?').run(now);
  }

  counters(): CounterRecord[] {
    const rows = this.db.prepare('SELECT * FROM pool_counters').all() as CounterRow[];
    return rows.map((row) => ({
      projectId: row.project_id,
      model: row.model,
      minuteStart: row.minute_start,
      minuteRequests: row.minute_requests,
      minuteTokens: row.minute_tokens,
      dayEnd: row.day_end,
      dayRequests: row.day_requests,
    }));
  }

  /**
   * Writes counters in one transaction; all-zero ones (a refunded request) are deleted rather than
   * kept. A row whose project was removed meanwhile (by the CLI) fails its foreign key and is
   * skipped; the rest are written.
   */
  saveCounters(records: readonly CounterRecord[]): void {
    if (records.length === 0) return;
    const remove = this.db.prepare('DELETE FROM pool_counters WHERE project_id = ? AND model = ?');
    const upsert = this.db.prepare(
      `INSERT INTO pool_counters (project_id, model, minute_start, minute_requests, minute_tokens, day_end, day_requests)
       VALUES (@projectId, @model, @minuteStart, @minuteRequests, @minuteTokens, @dayEnd, @dayRequests)
       ON CONFLICT(project_id, model) DO UPDATE SET
         minute_start = excluded.minute_start, minute_requests = excluded.minute_requests,
         minute_tokens = excluded.minute_tokens, day_end = excluded.day_end, day_requests = excluded.day_requests`,
    );
    this.db.transaction(() => {
      for (const record of records) {
        if (record.minuteRequests === 0 && record.minuteTokens === 0 && record.dayRequests === 0) {
          remove.run(record.projectId, record.model);
          continue;
        }
        try {
          upsert.run(record);
        } catch (error) {
          if (!String((error as Error).message).includes('FOREIGN KEY')) throw error;
        }
      }
    })();
  }
}
