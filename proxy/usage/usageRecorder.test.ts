import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/openStore.js';
import { silentLogger } from '../log/logger.js';
import { UsageRecorder, pruneUsage, type UsageRow } from './usageRecorder.js';
import { JOURNAL_DIR, PENDING_WRITE_MS, UsageJournal, leftoverJournals } from './usageJournal.js';
import fs from 'node:fs';
import path from 'node:path';
import type { UsageEntry } from './usageEntry.js';
import { tempDataDir } from '../../test/support/dataDir.js';

const prices = new Map([['m', { model: 'm', input: 1, output: 2, cached: 0.5 }]]);

function entry(over: Partial<UsageEntry> = {}): UsageEntry {
  return {
    at: Date.now(),
    clientId: 'tok_1',
    dialect: 'gemini',
    endpoint: 'streamGenerateContent',
    model: 'm',
    stream: true,
    status: 200,
    outcome: 'complete',
    attempts: [
      {
        keyId: 'key_a',
        mode: 'first',
        cause: 'frame-cut',
        usage: { promptTokenCount: 10, candidatesTokenCount: 4 },
      },
      {
        keyId: 'key_b',
        mode: 'continue',
        usage: { promptTokenCount: 20, candidatesTokenCount: 6, thoughtsTokenCount: 3 },
      },
    ],
    usage: { promptTokenCount: 30, candidatesTokenCount: 10, thoughtsTokenCount: 3, totalTokenCount: 43 },
    ttfbMs: 5,
    totalMs: 9,
    ...over,
  };
}

function journalLines(dir: string): number {
  const folder = path.join(dir, JOURNAL_DIR);
  return fs
    .readdirSync(folder)
    .map((name) => fs.readFileSync(path.join(folder, name), 'utf8').split('\n').filter(Boolean).length)
    .reduce((a, b) => a + b, 0);
}

/** A recorder with its journal in `dir` that writes to SQLite only when told to (flush). */
function journalling(writer: Store['usageWriter'], dir: string): UsageRecorder {
  return new UsageRecorder(writer, {
    logger: silentLogger,
    prices: () => prices,
    keyInfo: () => undefined,
    journal: UsageJournal.open(dir),
    flushMs: 60_000,
  });
}

/**
 * The gateway whose journal is in `dir` was killed (its file now names a process that is gone), and a
 * new one starts on the database: its recorder, and what the dead one left.
 */
function restart(writer: Store['usageWriter'], dir: string) {
  const [file] = fs.readdirSync(path.join(dir, JOURNAL_DIR));
  fs.renameSync(
    path.join(dir, JOURNAL_DIR, file!),
    path.join(dir, JOURNAL_DIR, `999999999-${file!.split('-')[1]}`),
  );
  const next = new UsageRecorder(writer, {
    logger: silentLogger,
    prices: () => prices,
    keyInfo: () => undefined,
  });
  const [leftover] = leftoverJournals(dir);
  return { next, leftover };
}

describe('UsageRecorder', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function open(): Store & { dir: string } {
    const data = tempDataDir('usage-log');
    const store = openStore(data.dir);
    cleanups.push(() => {
      store.close();
      data.cleanup();
    });
    return { ...store, dir: data.dir };
  }

  it('journals each row before record returns, then stores rows together, with tokens, resumes and cost', () => {
    const { db, usageWriter, dir } = open();
    const seen: UsageRow[] = [];
    const written: number[] = [];
    const journal = UsageJournal.open(dir);
    const recorder = new UsageRecorder(usageWriter, {
      logger: silentLogger,
      prices: () => prices,
      keyInfo: (keyId) => ({ projectId: `prj_of_${keyId}`, accountId: 'acc_1' }),
      onRecorded: (row) => seen.push(row),
      // Told once readers of the log can see the rows: the dashboard reloads then, not before.
      onWritten: (rows) =>
        written.push(
          (db.prepare('SELECT COUNT(*) AS n FROM usage_requests').get() as { n: number }).n - rows.length,
          rows.length,
        ),
      journal,
      flushMs: 60_000,
    });
    recorder.record(entry());
    recorder.record(
      entry({ model: 'unpriced', outcome: 'failed', status: 429, attempts: [], usage: undefined }),
    );
    recorder.record(entry({ model: 'unpriced', attempts: [] }));
    expect(seen).toHaveLength(3);
    expect(written).toEqual([]);
    // Not yet in SQLite, but safe: a gateway killed now leaves them in its journal for the next start.
    expect(recorder.pending()).toBe(3);
    expect(journalLines(dir)).toBe(3);
    expect(recorder.flush()).toBe(3);
    expect(written).toEqual([0, 3]);
    expect(journalLines(dir)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM usage_requests').get()).toEqual({ n: 3 });
    const rows = db.prepare('SELECT * FROM usage_requests ORDER BY id').all() as Array<
      Record<string, unknown>
    >;
    expect(rows[0]).toMatchObject({
      key_id: 'key_a',
      project_id: 'prj_of_key_a',
      attempts: 2,
      resumes: 1,
      causes: 'frame-cut',
      prompt_tokens: 30,
      output_tokens: 10,
      thoughts_tokens: 3,
      total_tokens: 43,
      ttfb_ms: 5,
    });
    expect(rows[0]!.cost_usd).toBeCloseTo((10 * 1 + 4 * 2 + 20 * 1 + 9 * 2) / 1e6, 12);
    expect(rows[1]).toMatchObject({ status: 429, outcome: 'failed', cost_usd: 0, prompt_tokens: null });
    expect(rows[2]).toMatchObject({ cost_usd: null });
    recorder.close();
    journal.close();
  });

  it('moves rows a killed gateway left in its journal into the log, once, skipping a half-written line', () => {
    const { db, usageWriter, dir } = open();
    const killed = journalling(usageWriter, dir);
    killed.record(entry());
    killed.record(entry());
    // The kill: no flush, no close. The last write was cut half way; the process is gone.
    const [file] = fs.readdirSync(path.join(dir, JOURNAL_DIR));
    fs.appendFileSync(path.join(dir, JOURNAL_DIR, file!), '{"requestId":"half-wr');
    const { next, leftover } = restart(usageWriter, dir);
    expect(next.restore(leftover!.rows)).toBe(2);
    // A crash between storing the rows and removing the journal: the next start stores nothing twice.
    next.restore(leftover!.rows);
    leftover!.remove();
    expect(db.prepare('SELECT COUNT(*) AS n FROM usage_requests').get()).toEqual({ n: 2 });
    expect(leftoverJournals(dir)).toHaveLength(0);
  });

  it('logs the requests a killed gateway had under way, billed what their last progress said, and no others', () => {
    const { db, usageWriter, dir } = open();
    const killed = journalling(usageWriter, dir);
    const start = {
      at: Date.now(),
      clientId: 'tok_1',
      dialect: 'openai' as const,
      endpoint: 'chat.completions',
      model: 'm',
      stream: true,
      keyId: 'key_a',
    };
    const streaming = killed.begin(start)!;
    killed.progress(streaming, {
      usage: { promptTokenCount: 1000, candidatesTokenCount: 10 },
      answered: true,
    });
    killed.progress(streaming, {
      usage: { promptTokenCount: 1000, candidatesTokenCount: 500 },
      answered: true,
    });
    const finished = killed.begin(start)!;
    killed.record(entry({ requestId: finished }));
    const waiting = killed.begin({ ...start, stream: false });
    // A flush starts the journal over: what is still under way stays in it.
    killed.flush();
    expect(journalLines(dir)).toBe(2);
    // The kill.
    const { next, leftover } = restart(usageWriter, dir);
    expect(next.restore(leftover!.rows)).toBe(2);
    const rows = db
      .prepare(
        'SELECT request_id, status, outcome, error_class, prompt_tokens, output_tokens, cost_usd FROM usage_requests ORDER BY cost_usd',
      )
      .all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    const byId = new Map(rows.map((row) => [row.request_id, row]));
    expect(byId.get(streaming)).toMatchObject({
      status: 200,
      outcome: 'incomplete',
      error_class: 'gateway_stopped',
      prompt_tokens: 1000,
      output_tokens: 500,
    });
    // $1 a million input tokens, $2 output: what spend limits count once the gateway is back.
    expect(byId.get(streaming)!.cost_usd).toBeCloseTo((1000 * 1 + 500 * 2) / 1e6, 9);
    expect(byId.get(waiting)).toMatchObject({
      status: 502,
      outcome: 'incomplete',
      prompt_tokens: null,
      cost_usd: 0,
    });
    expect(byId.get(finished)).toMatchObject({ outcome: 'complete', error_class: null });
  });

  it('journals a request under way within PENDING_WRITE_MS, and one whose row came first not at all', async () => {
    const { db, usageWriter, dir } = open();
    const killed = journalling(usageWriter, dir);
    const start = {
      at: Date.now(),
      clientId: 'tok_1',
      dialect: 'gemini' as const,
      endpoint: 'x',
      model: 'm',
      keyId: 'key_a',
    };
    const slow = killed.begin({ ...start, stream: true })!;
    const quick = killed.begin({ ...start, stream: false })!;
    // Not written yet: most requests end within a few milliseconds of being billed.
    expect(journalLines(dir)).toBe(0);
    killed.record(entry({ requestId: quick }));
    expect(journalLines(dir)).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, PENDING_WRITE_MS + 30));
    // The slow one's state is in the file now; the quick one left only its row.
    expect(journalLines(dir)).toBe(2);
    const { next, leftover } = restart(usageWriter, dir);
    expect(next.restore(leftover!.rows)).toBe(2);
    const ids = db.prepare('SELECT request_id, outcome FROM usage_requests').all();
    expect(ids).toEqual(
      expect.arrayContaining([
        { request_id: slow, outcome: 'incomplete' },
        { request_id: quick, outcome: 'complete' },
      ]),
    );
    expect(ids).toHaveLength(2);
  });

  it('keeps rows the database refused, with their journal, and stores them with the next flush', () => {
    const { db, usageWriter, dir } = open();
    const journal = UsageJournal.open(dir);
    const recorder = new UsageRecorder(usageWriter, {
      logger: silentLogger,
      prices: () => prices,
      keyInfo: () => undefined,
      journal,
      flushMs: 60_000,
    });
    const other = new Database(db.name);
    other.pragma('busy_timeout = 0');
    db.pragma('busy_timeout = 0');
    other.prepare('BEGIN IMMEDIATE').run();
    recorder.record(entry());
    expect(recorder.flush()).toBe(0);
    expect(recorder.pending()).toBe(1);
    expect(journalLines(dir)).toBe(1);
    other.prepare('COMMIT').run();
    other.close();
    recorder.record(entry());
    expect(recorder.flush()).toBe(2);
    expect(journalLines(dir)).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM usage_requests').get()).toEqual({ n: 2 });
    recorder.close();
    journal.close();
  });

  it('writes rows at once after close too', () => {
    const { db, usageWriter } = open();
    const recorder = new UsageRecorder(usageWriter, {
      logger: silentLogger,
      prices: () => prices,
      keyInfo: () => undefined,
      flushMs: 60_000,
    });
    recorder.record(entry());
    recorder.close();
    recorder.record(entry());
    expect(db.prepare('SELECT COUNT(*) AS n FROM usage_requests').get()).toEqual({ n: 2 });
  });

  it('prunes rows older than the retention, and keeps all with 0', () => {
    const { db, usageWriter, usageRequests } = open();
    const recorder = new UsageRecorder(usageWriter, {
      logger: silentLogger,
      prices: () => prices,
      keyInfo: () => undefined,
    });
    const now = Date.now();
    recorder.record(entry({ at: now - 10 * 86_400_000 }));
    recorder.record(entry({ at: now - 86_400_000 }));
    recorder.close();
    expect(pruneUsage(usageRequests, 0, now)).toBe(0);
    expect(pruneUsage(usageRequests, 5, now)).toBe(1);
    expect(db.prepare('SELECT COUNT(*) AS n FROM usage_requests').get()).toEqual({ n: 1 });
  });
});
