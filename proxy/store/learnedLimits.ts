import type { Db } from './database.js';
import type { LearnedLimit, LimitField } from '../pool/limits.js';

interface LearnedRow {
  project_id: string;
  model: string;
  field: LimitField;
  value: number;
  tier: string | null;
  quota_id: string;
  learned_at: number;
}

const toLimit = (row: LearnedRow): LearnedLimit => ({
  projectId: row.project_id,
  model: row.model,
  field: row.field,
  value: row.value,
  tier: row.tier,
  quotaId: row.quota_id,
  learnedAt: row.learned_at,
});

/** Limits learned from Google's 429s, one row per project, model and field; kept across restarts. */
export class LearnedLimitRepository {
  constructor(private readonly db: Db) {}

  list(): LearnedLimit[] {
    const rows = this.db
      .prepare('SELECT * FROM pool_learned_limits ORDER BY project_id, model, field')
      .all() as LearnedRow[];
    return rows.map(toLimit);
  }

  /**
   * Writes limits in one transaction, each replacing the one of its project, model and field. A row
   * whose project was removed meanwhile (by the CLI) fails its foreign key and is skipped.
   */
  save(limits: readonly LearnedLimit[]): void {
    if (limits.length === 0) return;
    const upsert = this.db.prepare(
      `INSERT INTO pool_learned_limits (project_id, model, field, value, tier, quota_id, learned_at)
       VALUES (@projectId, @model, @field, @value, @tier, @quotaId, @learnedAt)
       ON CONFLICT(project_id, model, field) DO UPDATE SET
         value = excluded.value, tier = excluded.tier, quota_id = excluded.quota_id,
         learned_at = excluded.learned_at`,
    );
    this.db.transaction(() => {
      for (const limit of limits) {
        try {
          upsert.run(limit);
        } catch (error) {
          if (!String((error as Error).message).includes('FOREIGN KEY')) throw error;
        }
      }
    })();
  }

  /** Forgets what was learned for a project (and model): back to the defaults until the next 429. */
  forget(projectId: string | null, model?: string): number {
    return this.db
      .prepare(
        `DELETE FROM pool_learned_limits
         WHERE (@projectId IS NULL OR project_id = @projectId) AND (@model IS NULL OR model = @model)`,
      )
      .run({ projectId, model: model ?? null }).changes;
  }
}
