import type { Db } from './database.js';
import { LIMIT_FIELDS, type LimitOverride } from '../pool/limits.js';

interface LimitRow {
  project_id: string | null;
  model: string;
  rpm: number | null;
  tpm: number | null;
  rpd: number | null;
}

/** Stored as -1: "no limit", distinct from NULL, "inherit". */
const NO_LIMIT = -1;

const fromColumn = (value: number | null): number | null =>
  value === null ? null : value === NO_LIMIT ? Infinity : value;
const toColumn = (value: number | null): number | null =>
  value === null ? null : value === Infinity ? NO_LIMIT : value;

/** The user's quota-limit overrides (the built-in free-tier defaults live in code). */
export class PoolLimitRepository {
  constructor(private readonly db: Db) {}

  list(): LimitOverride[] {
    const rows = this.db
      // Rules for every project first, then per project in the order projects were added.
      .prepare(
        `SELECT pool_limits.* FROM pool_limits LEFT JOIN projects ON projects.id = pool_limits.project_id
         ORDER BY pool_limits.project_id IS NOT NULL, projects.created_at, projects.rowid, pool_limits.model`,
      )
      .all() as LimitRow[];
    return rows.map((row) => ({
      projectId: row.project_id,
      model: row.model,
      rpm: fromColumn(row.rpm),
      tpm: fromColumn(row.tpm),
      rpd: fromColumn(row.rpd),
    }));
  }

  get(projectId: string | null, model: string): LimitOverride | undefined {
    return this.list().find((rule) => rule.projectId === projectId && rule.model === model);
  }

  /** Creates or replaces the rule for (project, model); a rule that sets nothing is removed. */
  put(rule: LimitOverride, now = Date.now()): void {
    this.db.transaction(() => {
      this.remove(rule.projectId, rule.model);
      if (LIMIT_FIELDS.every((field) => rule[field] === null)) return;
      this.db
        .prepare(
          'INSERT INTO pool_limits (project_id, model, rpm, tpm, rpd, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(rule.projectId, rule.model, toColumn(rule.rpm), toColumn(rule.tpm), toColumn(rule.rpd), now);
    })();
  }

  remove(projectId: string | null, model: string): boolean {
    return (
      this.db
        .prepare("DELETE FROM pool_limits WHERE ifnull(project_id, '') = ifnull(?, '') AND model = ?")
        .run(projectId, model).changes > 0
    );
  }
}
