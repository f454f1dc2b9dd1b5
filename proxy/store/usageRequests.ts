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
  /** JSON: the attempts (AttemptDetail[]); null in rows of single attempts older than that. */
  attemptDetail: string | null;
  /** The error message the client was sent, when the request did not end well. */
  clientMessage: string | null;
}

/** A row as read back: what was inserted, with the log's own id (rows older than request ids have none). */
export type StoredUsageRow = { id: number; requestId: string | null } & Omit<UsageRow, 'requestId'>;

/** A row of usage_requests as SQLite returns it. */
export interface RequestRow {
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
  client_message: string | null;
}

/** A row as SQLite returns it, in the names the rest of the gateway uses. */
export const toStored = (row: RequestRow): StoredUsageRow => ({
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
  clientMessage: row.client_message,
});

// OR IGNORE: a row moved from a journal whose clearing a crash interrupted is already here.
const INSERT_ROW = `INSERT OR IGNORE INTO usage_requests (request_id, at, day, client_id, dialect, endpoint, model, provider,
    stream, key_id, project_id, account_id, status, outcome, attempts, resumes, causes, prompt_tokens, output_tokens,
    thoughts_tokens, cached_tokens, tool_prompt_tokens, total_tokens, cost_usd, ttfb_ms, total_ms, error_class,
    attempt_detail, client_message)
  VALUES (@requestId, @at, @day, @clientId, @dialect, @endpoint, @model, @provider, @stream, @keyId, @projectId,
    @accountId, @status, @outcome, @attempts, @resumes, @causes, @promptTokens, @outputTokens, @thoughtsTokens,
    @cachedTokens, @toolPromptTokens, @totalTokens, @costUsd, @ttfbMs, @totalMs, @errorClass, @attemptDetail, @clientMessage)`;

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
      // A row from a journal of an older version lacks the newer columns: a provider (it was
      // Gemini's), the client's message.
      for (const row of rows) {
        this.insert.run(
          row.provider === undefined || row.clientMessage === undefined
            ? { ...row, provider: row.provider ?? null, clientMessage: row.clientMessage ?? null }
            : row,
        );
      }
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
}
