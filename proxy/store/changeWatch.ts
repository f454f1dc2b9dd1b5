import type { Db } from './database.js';

/** How long something read from the database is trusted before asking whether it changed. */
export const CHANGE_RECHECK_MS = 1000;

/**
 * Whether the database may have changed since the last look, asked at most once per interval:
 * `PRAGMA data_version` moves when another connection commits (the CLI, a second window) and
 * `total_changes()` when this one writes (anything, usage rows included, so it errs on the side of
 * "changed"). Lets a repository keep what it read on every request, such as a verified token,
 * without a database read (and its file-lock system calls) each time, while a change anywhere is
 * seen within CHANGE_RECHECK_MS. Writes through the repository itself should forget at once.
 */
export class ChangeWatch {
  private readonly probe;
  private last = '';
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(
    db: Db,
    private readonly intervalMs = CHANGE_RECHECK_MS,
  ) {
    this.probe = db.prepare(
      'SELECT total_changes() AS own, (SELECT data_version FROM pragma_data_version) AS others',
    );
  }

  /** True the first time, then when the database changed since the last true (checked once per interval). */
  changed(now = Date.now()): boolean {
    if (now - this.checkedAt < this.intervalMs && now >= this.checkedAt) return false;
    this.checkedAt = now;
    const { own, others } = this.probe.get() as { own: number; others: number };
    const state = `${own}:${others}`;
    if (state === this.last) return false;
    this.last = state;
    return true;
  }
}
