import type { Db } from '../store/database.js';
import type { UsageMetadata } from '../gemini/types.js';
import type { Logger } from '../log/logger.js';
import type { UsageEntry, UsageHook } from './usageEntry.js';
import { findPrice, type ModelPrice } from './modelPrice.js';
import { billedTokens, requestCost } from './cost.js';
import { localDay } from './calendar.js';
import { addUsage } from '../resume/usage.js';

/** A request log row, as inserted. */
export interface UsageRow {
  at: number;
  day: string;
  clientId: string | null;
  dialect: string;
  endpoint: string;
  model: string | null;
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

export interface UsageRecorderOptions {
  logger: Logger;
  /** Project and account of a key id, for the row; the log keeps them even after the key is removed. */
  keyInfo(keyId: string): { projectId: string; accountId: string } | undefined;
  prices(): ReadonlyMap<string, ModelPrice>;
  /** Called for every recorded row, right away (spend counters, alerts): must be cheap. */
  onRecorded?(row: UsageRow): void;
  flushMs?: number;
}

/** When a write fails (the database busy past its timeout), how soon the kept rows are tried again. */
const DEFAULT_FLUSH_MS = 250;

/**
 * The request log's writer. `record` turns the entry into a row (with its cost) and writes it
 * before it returns. Routes record a request before the last bytes of its answer go out, so a
 * request whose client got its whole answer is in the log even if gemgate is killed the next
 * moment (test/crash/). An earlier version queued rows for 250 ms to keep the disk off the request
 * path; a kill -9 then lost about the last quarter second of requests, and one insert in WAL mode
 * (synchronous=NORMAL: no fsync, the OS has it once written) costs about 30 us. A row that cannot be
 * written (the database busy) is kept and tried again with the next one, or after FLUSH_MS.
 */
export class UsageRecorder implements UsageHook {
  private queue: UsageRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly insert;
  private readonly flushMs: number;

  constructor(
    private readonly db: Db,
    private readonly options: UsageRecorderOptions,
  ) {
    this.flushMs = options.flushMs ?? DEFAULT_FLUSH_MS;
    this.insert = db.prepare(
      `INSERT INTO usage_requests (at, day, client_id, dialect, endpoint, model, stream, key_id, project_id,
         account_id, status, outcome, attempts, resumes, causes, prompt_tokens, output_tokens, thoughts_tokens,
         cached_tokens, tool_prompt_tokens, total_tokens, cost_usd, ttfb_ms, total_ms, error_class, attempt_detail)
       VALUES (@at, @day, @clientId, @dialect, @endpoint, @model, @stream, @keyId, @projectId, @accountId,
         @status, @outcome, @attempts, @resumes, @causes, @promptTokens, @outputTokens, @thoughtsTokens,
         @cachedTokens, @toolPromptTokens, @totalTokens, @costUsd, @ttfbMs, @totalMs, @errorClass, @attemptDetail)`,
    );
  }

  record(entry: UsageEntry): void {
    try {
      const row = this.toRow(entry);
      this.options.onRecorded?.(row);
      this.queue.push(row);
      this.flush();
      if (this.queue.length > 0 && !this.timer && !this.closed) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          this.flush();
        }, this.flushMs);
        this.timer.unref();
      }
    } catch (error) {
      // The log must never break a request: a bad entry is reported and dropped.
      this.options.logger.error({ err: error }, 'could not record usage');
    }
  }

  /** Writes the queue in one transaction; returns how many rows it wrote. */
  flush(): number {
    if (this.queue.length === 0) return 0;
    const rows = this.queue;
    this.queue = [];
    try {
      // One row (the usual case) is its own transaction: BEGIN and COMMIT around it would be two
      // more statements on the request path.
      if (rows.length === 1) this.insert.run(rows[0]);
      else
        this.db.transaction(() => {
          for (const row of rows) this.insert.run(row);
        })();
      return rows.length;
    } catch (error) {
      // Most likely the database is busy past its timeout: keep the rows for the next flush.
      this.queue = rows.concat(this.queue);
      this.options.logger.error({ err: error, rows: rows.length }, 'could not write the usage log');
      return 0;
    }
  }

  pending(): number {
    return this.queue.length;
  }

  /** Writes what is still kept; stops the retry timer. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
    this.closed = true;
  }

  private toRow(entry: UsageEntry): UsageRow {
    const attempts = entry.attempts ?? [];
    const usage =
      entry.usage ??
      attempts.reduce<UsageMetadata | undefined>((sum, a) => addUsage(sum, a.usage), undefined);
    const tokens = usage ? billedTokens(usage) : undefined;
    const keyId = entry.keyId ?? attempts[0]?.keyId ?? null;
    const info = keyId ? this.options.keyInfo(keyId) : undefined;
    const price = entry.model ? findPrice(this.options.prices(), entry.model) : undefined;
    const causes = attempts.map((attempt) => attempt.cause).filter((cause): cause is string => !!cause);
    return {
      at: entry.at,
      day: localDay(entry.at),
      clientId: entry.clientId,
      dialect: entry.dialect,
      endpoint: entry.endpoint,
      model: entry.model,
      stream: entry.stream ? 1 : 0,
      keyId,
      projectId: info?.projectId ?? null,
      accountId: info?.accountId ?? null,
      status: entry.status,
      outcome: entry.outcome,
      attempts: attempts.length,
      resumes: attempts.filter((attempt) => attempt.mode === 'continue' || attempt.mode === 'replay').length,
      causes: causes.length > 0 ? causes.join(',') : null,
      promptTokens: tokens ? tokens.prompt : null,
      outputTokens: tokens ? tokens.candidates : null,
      thoughtsTokens: tokens ? tokens.thoughts : null,
      cachedTokens: tokens ? tokens.cached : null,
      toolPromptTokens: tokens ? tokens.toolPrompt : null,
      totalTokens: usage?.totalTokenCount ?? null,
      // No usage means Gemini billed nothing (refused before answering, or countTokens), unless the
      // route says the call was billed without counts (embeddings): then the cost is unknown.
      costUsd: !usage ? (entry.costUnknown ? null : 0) : price ? requestCost(attempts, usage, price) : null,
      ttfbMs: entry.ttfbMs ?? null,
      totalMs: entry.totalMs,
      errorClass: entry.errorClass ?? null,
      attemptDetail:
        attempts.length > 1
          ? JSON.stringify(
              attempts.map((attempt) => ({
                keyId: attempt.keyId,
                mode: attempt.mode,
                cause: attempt.cause,
                usage: attempt.usage && billedTokens(attempt.usage),
              })),
            )
          : null,
    };
  }
}

/** Deletes rows older than `days` days; 0 keeps everything. Returns how many went. */
export function pruneUsage(db: Db, days: number, now = Date.now()): number {
  if (days <= 0) return 0;
  return db.prepare('DELETE FROM usage_requests WHERE at < ?').run(now - days * 86_400_000).changes;
}
