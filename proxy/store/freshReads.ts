import type { Db } from './database.js';

/**
 * Reads that run on every request (a client token, its policy), kept in memory for as long as the
 * database cannot have changed under them. Before each read it asks SQLite two questions, neither of
 * which reads a table: `total_changes()`, which counts the rows this connection has written (the
 * dashboard, the admin API, a restore, the usage log), and `PRAGMA data_version`, which moves when
 * another connection commits (the CLI in a terminal, a second gemgate on the folder). If either
 * moved, everything kept is dropped and read again. So a change, wherever it was made, is seen by
 * the very next read: a revoked token is refused on the next request, not after a poll.
 *
 * It errs on the side of reading again: any write at all (a usage row, "last used" on a token)
 * empties it, and nothing read inside a transaction is kept. A value of `undefined` is never kept; a caller that must remember "none" (a token
 * without a policy) keeps `null`. At most CAPACITY values are kept.
 */
export class FreshReads<V> {
  private static readonly CAPACITY = 10_000;
  private readonly kept = new Map<string, V>();
  private readonly ownWrites;
  private readonly othersCommits;
  private seenOwn = -1;
  private seenOthers = -1;

  constructor(private readonly db: Db) {
    this.ownWrites = db.prepare('SELECT total_changes()').pluck();
    this.othersCommits = db.prepare('PRAGMA data_version').pluck();
  }

  /** The value kept for KEY while nothing changed; else `read(key)`, kept unless undefined. */
  get(key: string, read: (key: string) => V | undefined): V | undefined {
    // Inside a transaction a read may see writes that are then rolled back: nothing is kept.
    if (this.db.inTransaction) return read(key);
    // Asked before the read, so a commit that lands between the two empties the cache next time.
    const own = this.ownWrites.get() as number;
    const others = this.othersCommits.get() as number;
    if (own !== this.seenOwn || others !== this.seenOthers) {
      this.kept.clear();
      this.seenOwn = own;
      this.seenOthers = others;
    } else {
      const kept = this.kept.get(key);
      if (kept !== undefined) return kept;
    }
    const value = read(key);
    if (value !== undefined) {
      if (this.kept.size >= FreshReads.CAPACITY) this.kept.clear();
      this.kept.set(key, value);
    }
    return value;
  }
}
