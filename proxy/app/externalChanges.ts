import { readDataVersion, type Db } from '../store/database.js';

/** How often to look for changes other processes (the CLI) made to the database. */
export const CHANGE_POLL_MS = 1000;

export interface ExternalChangeOptions {
  /** Catches up with the database: reads settings and keys again. May take a while (secrets). */
  onChange(): Promise<void>;
  /** `onChange` failed; the watch goes on and the next change tries again. */
  onError(error: unknown): void;
  intervalMs?: number;
}

/**
 * Notices what other processes change in the gateway's database: `gemgate keys disable` in a
 * terminal, a second data-folder user, a restored backup. SQLite's `data_version` moves only when
 * another connection commits, so the gateway's own writes never wake it, and one cheap pragma a
 * second is all it costs while nothing happens. `onChange` runs one at a time: a change made
 * while it runs is not lost, it is seen on the first tick after it finishes. Returns a stop
 * function.
 */
export function watchExternalChanges(db: Db, options: ExternalChangeOptions): () => void {
  const dataVersion = () => readDataVersion(db);
  let seen = dataVersion();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const current = dataVersion();
    if (current === seen) return;
    seen = current;
    busy = true;
    // Through a promise, so a synchronous throw is reported like a rejection instead of escaping
    // the timer and taking the process down.
    Promise.resolve()
      .then(() => options.onChange())
      .catch((error: unknown) => options.onError(error))
      .finally(() => (busy = false));
  }, options.intervalMs ?? CHANGE_POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
