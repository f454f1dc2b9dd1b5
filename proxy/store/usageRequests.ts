import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';

/** A request log row, as inserted: one client request, no prompt or answer content, keys by id. */
export interface UsageRow {
  /** Unique per request: makes moving a row from the crash journal idempotent. */
  requestId: string;
  at: number;
  day: string;
  clientId: string | null;
  dialect: string;
  endpoint: string;
  model: string | null;
  /** The provider that served it: `gemini` or another provider's name; null in rows older than providers. */
  provider: string | null;
  stream: number;
  keyId: string | null;
  projectId: string | null;
  accountId: string | null;
  status: number;
  outcome: string;
  attempts: number;
  resumes: number;
  causes: string | null;
  promptTokens: number | null;
  outputTokens: number | null;
  thoughtsTokens: number | null;
  cachedTokens: number | null;
  toolPromptTokens: number | null;
  totalTokens: number | null;
  /** null: the model has no price, so the cost is unknown (not zero). */
  costUsd: number | null;
  ttfbMs: number | null;
  totalMs: number;
  errorClass: string | null;
  attemptDetail: string | null;
}

/** A row as read back: what was inserted, with the log's own id (rows older than request ids have none). */
export type StoredUsageRow = { id: number; requestId: string | null } & Omit<UsageRow, 'requestId'>;

/** A row of the dashboard's request list: the log row with its token's name and its key's masked form. */
export interface UsageLogEntry {
  id: number;
  at: number;
  clientId: string | null;
  clientName: string | null;
  model: string | null;
  provider: string | null;
  keyId: string | null;
  masked: string | null;
  status: number;
  dialect: string;
  stream: number;
  attempts: number;
  promptTokens: number | null;
  outputTokens: number | null;
  thoughtsTokens: number | null;
  costUsd: number | null;
  totalMs: number;
  errorClass: string | null;
  outcome: string;
}

/** Narrows the request list; every field is optional but the limit. */
export interface UsageLogFilter {
  /** A token's id or name. */
  client?: string;
  /** A model id as logged (without `models/`). */
  model?: string;
  /** A key's id or masked form. */
  key?: string;
  /** `ok`: requests that ended well; `error`: the others. */
  status?: 'ok' | 'error';
  /** Only requests that arrived before this instant (epoch ms): pages back through older ones. */
  before?: number;
  limit: number;
}

interface RequestRow {
  id: number;
  request_id: string | null;
  at: number;
  day: string;
  client_id: string | null;
  dialect: string;
  endpoint: string;
  model: string | null;
  provider: string | null;
  stream: number;
  key_id: string | null;
  project_id: string | null;
  account_id: string | null;
  status: number;
  outcome: string;
  attempts: number;
  resumes: number;
  causes: string | null;
  prompt_tokens: number | null;
  output_tokens: number | null;
  thoughts_tokens: number | null;
  cached_tokens: number | null;
  tool_prompt_tokens: number | null;
  total_tokens: number | null;
  cost_usd: number | null;
  ttfb_ms: number | null;
  total_ms: number;
  error_class: string | null;
  attempt_detail: string | null;
}

const toStored = (row: RequestRow): StoredUsageRow => ({
  id: row.id,
  requestId: row.request_id,
  at: row.at,
  day: row.day,
  clientId: row.client_id,
  dialect: row.dialect,
  endpoint: row.endpoint,
  model: row.model,
  provider: row.provider,
  stream: row.stream,
  keyId: row.key_id,
  projectId: row.project_id,
  accountId: row.account_id,
  status: row.status,
  outcome: row.outcome,
  attempts: row.attempts,
  resumes: row.resumes,
  causes: row.causes,
  promptTokens: row.prompt_tokens,
  outputTokens: row.output_tokens,
  thoughtsTokens: row.thoughts_tokens,
  cachedTokens: row.cached_tokens,
  toolPromptTokens: row.tool_prompt_tokens,
  totalTokens: row.total_tokens,
  costUsd: row.cost_usd,
  ttfbMs: row.ttfb_ms,
  totalMs: row.total_ms,
  errorClass: row.error_class,
  attemptDetail: row.attempt_detail,
});

interface LogRow {
  id: number;
  at: number;
  client_id: string | null;
  client_name: string | null;
  model: string | null;
  provider: string | null;
  key_id: string | null;
  masked: string | null;
  status: number;
  dialect: string;
  stream: number;
  attempts: number;
  prompt_tokens: number | null;
  output_tokens: number | null;
  thoughts_tokens: number | null;
  cost_usd: number | null;
  total_ms: number;
  error_class: string | null;
  outcome: string;
}

// OR IGNORE: a row moved from a journal whose clearing a crash interrupted is already here.
const INSERT_ROW = `INSERT OR IGNORE INTO usage_requests (request_id, at, day, client_id, dialect, endpoint, model, provider,
    stream, key_id, project_id, account_id, status, outcome, attempts, resumes, causes, prompt_tokens, output_tokens,
    thoughts_tokens, cached_tokens, tool_prompt_tokens, total_tokens, cost_usd, ttfb_ms, total_ms, error_class,
    attempt_detail)
  VALUES (@requestId, @at, @day, @clientId, @dialect, @endpoint, @model, @provider, @stream, @keyId, @projectId,
    @accountId, @status, @outcome, @attempts, @resumes, @causes, @promptTokens, @outputTokens, @thoughtsTokens,
    @cachedTokens, @toolPromptTokens, @totalTokens, @costUsd, @ttfbMs, @totalMs, @errorClass, @attemptDetail)`;

/**
 * Writes the request log. The recorder keeps one writer for its life and writes through it in
 * batches, off the request path: the insert is prepared once, here.
 */
export class UsageRequestWriter {
  private readonly insert: Statement;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(INSERT_ROW);
  }

  /** Inserts the rows in one transaction, all or none; a row whose request id is already here is skipped. */
  insertAll(rows: readonly UsageRow[]): void {
    this.db.transaction(() => {
      // A row from a journal written before providers existed has none: it was Gemini's.
      for (const row of rows) this.insert.run(row.provider === undefined ? { ...row, provider: null } : row);
    })();
  }
}

/** Reads and prunes the request log's table, `usage_requests`. */
export class UsageRequestRepository {
  constructor(private readonly db: Db) {}

  /** Deletes the rows of requests that arrived before `at`; returns how many went. */
  deleteBefore(at: number): number {
    return this.db.prepare('DELETE FROM usage_requests WHERE at < ?').run(at).changes;
  }

  /** Rows of requests that arrived at or after `since`, newest first, at most `limit`. */
  latest(limit: number, since = 0): StoredUsageRow[] {
    const rows = this.db
      .prepare('SELECT * FROM usage_requests WHERE at >= ? ORDER BY at DESC, id DESC LIMIT ?')
      .all(since, limit) as RequestRow[];
    return rows.map(toStored);
  }

  /**
   * The latest requests, newest first, narrowed by client (id or name), model, key (id or masked
   * form) and outcome; `before` pages back through older ones.
   */
  log(filter: UsageLogFilter): UsageLogEntry[] {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: filter.limit };
    if (filter.client) {
      where.push('(u.client_id = @client OR t.name = @client)');
      params.client = filter.client;
    }
    if (filter.model) {
      where.push('u.model = @model');
      params.model = filter.model;
    }
    if (filter.key) {
      where.push('(u.key_id = @key OR k.masked = @key)');
      params.key = filter.key;
    }
    if (filter.status === 'ok') where.push('u.error_class IS NULL');
    if (filter.status === 'error') where.push('u.error_class IS NOT NULL');
    if (filter.before !== undefined) {
      where.push('u.at < @before');
      params.before = filter.before;
    }
    const rows = this.db
      .prepare(
        `SELECT u.id, u.at, u.client_id, t.name AS client_name, u.model, u.provider, u.key_id, k.masked, u.status, u.dialect,
                u.stream, u.attempts, u.prompt_tokens, u.output_tokens, u.thoughts_tokens, u.cost_usd, u.total_ms,
                u.error_class, u.outcome
         FROM usage_requests u
         LEFT JOIN client_tokens t ON t.id = u.client_id
         LEFT JOIN keys k ON k.id = u.key_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY u.at DESC, u.id DESC LIMIT @limit`,
      )
      .all(params) as LogRow[];
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      clientId: row.client_id,
      clientName: row.client_name,
      model: row.model,
      provider: row.provider,
      keyId: row.key_id,
      masked: row.masked,
      status: row.status,
      dialect: row.dialect,
      stream: row.stream,
      attempts: row.attempts,
      promptTokens: row.prompt_tokens,
      outputTokens: row.output_tokens,
      thoughtsTokens: row.thoughts_tokens,
      costUsd: row.cost_usd,
      totalMs: row.total_ms,
      errorClass: row.error_class,
      outcome: row.outcome,
    }));
  }
}
