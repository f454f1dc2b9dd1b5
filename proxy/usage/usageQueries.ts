import type { Db } from '../store/database.js';

export interface UsageTotals {
  requests: number;
  /** Requests that did not end well (rejected, failed, incomplete, aborted). */
  errors: number;
  promptTokens: number;
  cachedTokens: number;
  outputTokens: number;
  thoughtsTokens: number;
  costUsd: number;
  /** Requests whose cost is unknown (a model without a price, or embeddings, which report no tokens): not in costUsd. */
  unpriced: number;
}

export interface UsageSummary {
  /** ISO timestamps of the window (until: exclusive; null means now). */
  since: string;
  until: string | null;
  total: UsageTotals;
  byDay: Array<{ day: string } & UsageTotals>;
  byModel: Array<{ model: string | null } & UsageTotals>;
  byKey: Array<{ keyId: string | null; masked: string | null } & UsageTotals>;
  byClient: Array<{ clientId: string | null; name: string | null } & UsageTotals>;
}

const TOTALS = `COUNT(*) AS requests,
  COALESCE(SUM(u.error_class IS NOT NULL), 0) AS errors,
  COALESCE(SUM(u.prompt_tokens), 0) AS promptTokens,
  COALESCE(SUM(u.cached_tokens), 0) AS cachedTokens,
  COALESCE(SUM(u.output_tokens), 0) AS outputTokens,
  COALESCE(SUM(u.thoughts_tokens), 0) AS thoughtsTokens,
  COALESCE(SUM(u.cost_usd), 0) AS costUsd,
  COALESCE(SUM(u.cost_usd IS NULL), 0) AS unpriced`;

/**
 * Totals over the request log for a window: overall and per local day, model, key and client.
 * Used by `gemgate usage` and meant for the dashboard's admin API as well.
 */
export function usageSummary(db: Db, since: number, until?: number): UsageSummary {
  const where = 'WHERE u.at >= @since AND u.at < @until';
  const params = { since, until: until ?? Number.MAX_SAFE_INTEGER };
  const all = <T>(sql: string) => db.prepare(sql).all(params) as T[];
  return {
    since: new Date(since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
    total: db.prepare(`SELECT ${TOTALS} FROM usage_requests u ${where}`).get(params) as UsageTotals,
    byDay: all(`SELECT u.day AS day, ${TOTALS} FROM usage_requests u ${where} GROUP BY u.day ORDER BY u.day`),
    byModel: all(
      `SELECT u.model AS model, ${TOTALS} FROM usage_requests u ${where} GROUP BY u.model ORDER BY costUsd DESC, requests DESC`,
    ),
    byKey: all(
      `SELECT u.key_id AS keyId, k.masked AS masked, ${TOTALS} FROM usage_requests u
       LEFT JOIN keys k ON k.id = u.key_id ${where} GROUP BY u.key_id ORDER BY costUsd DESC, requests DESC`,
    ),
    byClient: all(
      `SELECT u.client_id AS clientId, t.name AS name, ${TOTALS} FROM usage_requests u
       LEFT JOIN client_tokens t ON t.id = u.client_id ${where} GROUP BY u.client_id ORDER BY costUsd DESC, requests DESC`,
    ),
  };
}

export interface UsageLogRow {
  id: number;
  at: string;
  clientId: string | null;
  dialect: string;
  endpoint: string;
  model: string | null;
  stream: boolean;
  keyId: string | null;
  projectId: string | null;
  status: number;
  outcome: string;
  attempts: number;
  resumes: number;
  causes: string[];
  promptTokens: number | null;
  cachedTokens: number | null;
  outputTokens: number | null;
  thoughtsTokens: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  ttfbMs: number | null;
  totalMs: number;
  errorClass: string | null;
}

/** The latest requests, newest first (for `gemgate usage --requests` and the dashboard). */
export function recentRequests(db: Db, limit: number, since = 0): UsageLogRow[] {
  const rows = db
    .prepare('SELECT * FROM usage_requests WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?')
    .all(since, limit) as Array<Record<string, unknown>>;
  return rows.map((row) => ({
    id: row.id as number,
    at: new Date(row.at as number).toISOString(),
    clientId: row.client_id as string | null,
    dialect: row.dialect as string,
    endpoint: row.endpoint as string,
    model: row.model as string | null,
    stream: row.stream === 1,
    keyId: row.key_id as string | null,
    projectId: row.project_id as string | null,
    status: row.status as number,
    outcome: row.outcome as string,
    attempts: row.attempts as number,
    resumes: row.resumes as number,
    causes: row.causes ? (row.causes as string).split(',') : [],
    promptTokens: row.prompt_tokens as number | null,
    cachedTokens: row.cached_tokens as number | null,
    outputTokens: row.output_tokens as number | null,
    thoughtsTokens: row.thoughts_tokens as number | null,
    totalTokens: row.total_tokens as number | null,
    costUsd: row.cost_usd as number | null,
    ttfbMs: row.ttfb_ms as number | null,
    totalMs: row.total_ms as number,
    errorClass: row.error_class as string | null,
  }));
}
