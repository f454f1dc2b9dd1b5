import crypto from 'node:crypto';
import type { UsageJournal } from './usageJournal.js';
import type { UsageRequestRepository, UsageRequestWriter, UsageRow } from '../store/usageRequests.js';
import type { UsageMetadata } from '../gemini/types.js';
import type { Logger } from '../log/logger.js';
import type { PendingEntry, PendingProgress, UsageEntry, UsageHook } from './usageEntry.js';
import { findPrice, type ModelPrice } from './modelPrice.js';
import { priceKey } from './providerPrices.js';
import { billedTokens, loggedCost } from './cost.js';
import { localDay } from './calendar.js';
import { addUsage } from '../resume/usage.js';
import { attemptDetailOf } from './attemptDetail.js';

/** The row `record` makes; its shape belongs to the table, in proxy/store. */
export type { UsageRow };

export interface UsageRecorderOptions {
  logger: Logger;
  /** Project and account of a key id, for the row; the log keeps them even after the key is removed. */
  keyInfo(keyId: string): { projectId: string; accountId: string } | undefined;
  prices(): ReadonlyMap<string, ModelPrice>;
  /** Called for every recorded row, right away (spend counters, alerts): must be cheap. */
  onRecorded?(row: UsageRow): void;
  /** Called once rows are in SQLite, where readers of the log see them. */
  onWritten?(rows: readonly UsageRow[]): void;
  /** Rows are appended here as they are recorded, and cleared once they are in SQLite. */
  journal?: UsageJournal;
  flushMs?: number;
}

/** How long recorded rows wait to go into SQLite together; the journal keeps them safe meanwhile. */
const DEFAULT_FLUSH_MS = 250;
/** Rows that go in at once when traffic is heavy, before the timer. */
const FLUSH_ROWS = 200;

/**
 * The request log's writer. `record` turns the entry into a row (with its cost), appends it to the
 * crash journal before it returns, and queues it; queued rows go into SQLite together every
 * FLUSH_MS, in one transaction. Routes record a request before the last bytes of its answer go out,
 * so a request whose client got its whole answer is in the journal even if gemgate is killed the
 * next moment, and in the log after the next start (test/crash/). Inserting every row at once, in
 * its own transaction, cost about 50 us on the request path; a journal line costs a few.
 */
export class UsageRecorder implements UsageHook {
  private queue: UsageRow[] = [];
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly flushMs: number;

  constructor(
    /** The store's one writer: its insert is prepared once, not per flush. */
    private readonly requests: UsageRequestWriter,
    private readonly options: UsageRecorderOptions,
  ) {
    this.flushMs = options.flushMs ?? DEFAULT_FLUSH_MS;
  }

  record(entry: UsageEntry): void {
    try {
      const row = this.toRow(entry);
      if (entry.requestId) this.options.journal?.settled(entry.requestId);
      this.options.journal?.append(row);
      this.options.onRecorded?.(row);
      this.queue.push(row);
      if (this.queue.length >= FLUSH_ROWS || this.closed) this.flush();
      else this.schedule();
    } catch (error) {
      // The log must never break a request: a bad entry is reported and dropped.
      this.options.logger.error({ err: error }, 'could not record usage');
    }
  }

  /**
   * A request is being billed from now on (its first upstream call answered): journalled, so that if
   * the gateway dies before its row is recorded, the next start still logs it. Returns its id, for
   * `progress` and for the entry that `record`s it.
   */
  begin(entry: PendingEntry): string | undefined {
    const journal = this.options.journal;
    if (!journal) return undefined;
    try {
      const requestId = crypto.randomUUID();
      // The journal keeps what a request under way stands at; `progress` adds to it.
      journal.pending(requestId, { ...entry, answered: false, lastAt: Date.now() });
      return requestId;
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not journal a request under way');
      return undefined;
    }
  }

  /** What a request under way has been billed so far: journalled over its previous state. */
  progress(requestId: string, progress: PendingProgress): void {
    const journal = this.options.journal;
    if (!journal?.isUnderway(requestId)) return;
    try {
      // Both fields, always: an earlier progress's usage is replaced, even by none.
      journal.pending(requestId, { usage: progress.usage, answered: progress.answered, lastAt: Date.now() });
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not journal a request under way');
    }
  }

  /**
   * Moves what a previous gateway left in its journal into SQLite (at start): its rows, and a row for
   * each request it had under way and never recorded (killed mid-answer). Such a row is `incomplete`
   * (`gateway_stopped`), with what had been billed by the last progress, so that spend limits count it.
   */
  restore(lines: readonly unknown[]): number {
    const rows = lines.filter(isUsageRow);
    const recorded = new Set(rows.map((row) => row.requestId));
    const underway = new Map<string, JournalledPending>();
    for (const line of lines) {
      const pending = (line as { pending?: unknown } | null)?.pending;
      if (isJournalledPending(pending)) underway.set(pending.requestId, pending);
    }
    const interrupted = [...underway.values()]
      .filter((pending) => !recorded.has(pending.requestId))
      .map((pending) => this.toRow(interruptedEntry(pending)));
    this.requests.insertAll([...rows, ...interrupted]);
    return rows.length + interrupted.length;
  }

  /** Writes the queue in one transaction; returns how many rows it wrote. */
  flush(): number {
    if (this.queue.length === 0) return 0;
    const rows = this.queue;
    this.queue = [];
    try {
      this.requests.insertAll(rows);
      this.options.journal?.clear();
      this.options.onWritten?.(rows);
      return rows.length;
    } catch (error) {
      // Most likely the database is busy past its timeout: keep the rows (and the journal) for the next flush.
      this.queue = rows.concat(this.queue);
      this.options.logger.error({ err: error, rows: rows.length }, 'could not write the usage log');
      this.schedule();
      return 0;
    }
  }

  pending(): number {
    return this.queue.length;
  }

  /** Writes what is still kept; stops the timer. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
    this.closed = true;
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, this.flushMs);
    this.timer.unref();
  }

  private toRow(entry: UsageEntry): UsageRow {
    const attempts = entry.attempts ?? [];
    const usage =
      entry.usage ??
      attempts.reduce<UsageMetadata | undefined>((sum, a) => addUsage(sum, a.usage), undefined);
    const tokens = usage ? billedTokens(usage) : undefined;
    const keyId = entry.keyId ?? attempts[0]?.keyId ?? null;
    const info = keyId ? this.options.keyInfo(keyId) : undefined;
    const price = entry.model
      ? findPrice(this.options.prices(), priceKey(entry.provider, entry.model))
      : undefined;
    const causes = attempts.map((attempt) => attempt.cause).filter((cause): cause is string => !!cause);
    const detail = attemptDetailOf(entry, (id) => this.options.keyInfo(id)?.projectId ?? null);
    return {
      requestId: entry.requestId ?? crypto.randomUUID(),
      at: entry.at,
      day: localDay(entry.at),
      clientId: entry.clientId,
      dialect: entry.dialect,
      endpoint: entry.endpoint,
      model: entry.model,
      provider: entry.provider ?? 'gemini',
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
      // No usage (and no images or speech) means Gemini billed nothing (refused before answering, or
      // countTokens), unless the route says the call was billed without counts (embeddings).
      costUsd: loggedCost(entry, attempts, usage, price),
      ttfbMs: entry.ttfbMs ?? null,
      totalMs: entry.totalMs,
      errorClass: entry.errorClass ?? null,
      attemptDetail: detail.length > 0 ? JSON.stringify(detail) : null,
      clientMessage: entry.clientMessage ?? null,
    };
  }
}

/** A request under way as the journal has it (UsageJournal.pending). */
type JournalledPending = PendingEntry & PendingProgress & { requestId: string; lastAt: number };

function isJournalledPending(value: unknown): value is JournalledPending {
  const pending = value as Partial<JournalledPending> | null | undefined;
  return (
    typeof pending === 'object' &&
    pending !== null &&
    typeof pending.requestId === 'string' &&
    typeof pending.at === 'number' &&
    typeof pending.keyId === 'string' &&
    typeof pending.endpoint === 'string'
  );
}

/** What a request the gateway died serving is logged as: cut off, billed what it had been by then. */
function interruptedEntry(pending: JournalledPending): UsageEntry {
  const { requestId, usage, answered, lastAt, keyId, ...start } = pending;
  return {
    ...start,
    requestId,
    keyId,
    status: answered ? 200 : 502,
    outcome: 'incomplete',
    errorClass: 'gateway_stopped',
    usage,
    attempts: [{ keyId, mode: 'first', usage }],
    ttfbMs: null,
    totalMs: Math.max(0, lastAt - pending.at),
  };
}

function isUsageRow(value: unknown): value is UsageRow {
  const row = value as Partial<UsageRow> | null;
  return (
    typeof row === 'object' &&
    row !== null &&
    typeof row.requestId === 'string' &&
    typeof row.at === 'number' &&
    typeof row.status === 'number' &&
    typeof row.totalMs === 'number'
  );
}

/** Deletes rows older than `days` days; 0 keeps everything. Returns how many went. */
export function pruneUsage(
  requests: Pick<UsageRequestRepository, 'deleteBefore'>,
  days: number,
  now = Date.now(),
): number {
  if (days <= 0) return 0;
  return requests.deleteBefore(now - days * 86_400_000);
}
