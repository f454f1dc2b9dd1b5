import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The request log's crash guard: an append-only file per gateway process holding the rows not yet
 * in SQLite, one JSON line each. Appending a line is one write() of a few hundred bytes; inserting
 * a row into SQLite on every request rewrites a table page and three index pages (about 50 us).
 * The OS keeps what was written even if gemgate is killed the next moment, so a row appended
 * before the client's last bytes survives `kill -9`; the next start moves it into SQLite.
 *
 * Requests under way are journalled too (`pending`: a line `{"pending": {...}}` when one starts to be
 * billed, again as it progresses), and stay in the journal until their row is written: a gateway
 * killed mid-stream leaves them there, and the next start settles each into a row of its own. Their
 * lines are written together at most PENDING_WRITE_MS after the news, and not at all for a request
 * whose row came first: most answers end within tens of milliseconds of being billed (even at 64
 * requests at once on two cores), and a write() per request under way cost about as much as the rest
 * of the usage log together (bench/profile.ts). A gateway killed inside that window loses the record
 * of the requests billed in it; a stream longer than that is in the journal when the kill comes.
 */
export const JOURNAL_DIR = 'usage-journal';

/** How long a request under way may go unjournalled: its news are written together after this. */
export const PENDING_WRITE_MS = 100;

/** Journals open in this process (several gateways may run in one process: tests, restarts). */
const openHere = new Set<string>();

export class UsageJournal {
  /** The latest state of each request under way, written again whenever the journal starts over. */
  private readonly open = new Map<string, object>();
  /** Requests under way whose latest state is not in the file yet. */
  private readonly unwritten = new Set<string>();
  private writeTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly file: string,
    private readonly fd: number,
  ) {}

  /** This process's journal, created empty. */
  static open(dataDir: string): UsageJournal {
    const dir = path.join(dataDir, JOURNAL_DIR);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `${process.pid}-${crypto.randomBytes(4).toString('hex')}.jsonl`);
    const journal = new UsageJournal(file, fs.openSync(file, 'a', 0o600));
    openHere.add(file);
    return journal;
  }

  append(row: object): void {
    fs.writeSync(this.fd, `${JSON.stringify(row)}\n`);
  }

  /**
   * News of a request under way (`requestId` names it), merged into what the journal has of it: the
   * first news is what it starts as (the journal keeps that object: pass a fresh one). Written within
   * PENDING_WRITE_MS.
   */
  pending(requestId: string, news: object): void {
    const state = this.open.get(requestId);
    if (state) Object.assign(state, news);
    else this.open.set(requestId, Object.assign(news, { requestId }));
    this.unwritten.add(requestId);
    if (!this.writeTimer) {
      this.writeTimer = setTimeout(() => this.writePending(), PENDING_WRITE_MS);
      this.writeTimer.unref();
    }
  }

  /** The request was journalled (`pending`) and its row is not recorded yet. */
  isUnderway(requestId: string): boolean {
    return this.open.has(requestId);
  }

  /** The request's row is written (or about to be, in the same journal): it is no longer under way. */
  settled(requestId: string): void {
    this.open.delete(requestId);
    this.unwritten.delete(requestId);
  }

  /** The latest state of every request under way that the file does not have yet, in one write. */
  writePending(): void {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    if (this.unwritten.size === 0) return;
    const lines = [...this.unwritten].map((id) => pendingLine(this.open.get(id)!));
    this.unwritten.clear();
    fs.writeSync(this.fd, lines.join(''));
  }

  /**
   * Every row so far is in SQLite: start over (appends go on at the new end, as the file is O_APPEND),
   * with the requests still under way.
   */
  clear(): void {
    fs.ftruncateSync(this.fd, 0);
    this.unwritten.clear();
    if (this.open.size > 0) fs.writeSync(this.fd, [...this.open.values()].map(pendingLine).join(''));
  }

  close(): void {
    clearTimeout(this.writeTimer);
    fs.closeSync(this.fd);
    fs.rmSync(this.file, { force: true });
    openHere.delete(this.file);
  }
}

function pendingLine(entry: object): string {
  return `${JSON.stringify({ pending: entry })}\n`;
}

/**
 * Rows left by gateways that ended without moving them into SQLite (killed, crashed), and a way to
 * drop each file once its rows are safely stored. Files of processes still running are left alone:
 * a desktop app and `gemgate serve` may share a data folder. A half-written last line (the process
 * died inside the write) is skipped: its request never sent its last bytes.
 */
export function leftoverJournals(dataDir: string): Array<{ rows: unknown[]; remove(): void }> {
  const dir = path.join(dataDir, JOURNAL_DIR);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.endsWith('.jsonl') && !openHere.has(path.join(dir, name)))
    .filter((name) => !isRunning(Number(name.split('-')[0])))
    .map((name) => {
      const file = path.join(dir, name);
      const rows = fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line) => {
          if (!line) return [];
          try {
            return [JSON.parse(line) as unknown];
          } catch {
            return [];
          }
        });
      return { rows, remove: () => fs.rmSync(file, { force: true }) };
    });
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false; // a gateway of this process that is closed (open ones are skipped above)
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
