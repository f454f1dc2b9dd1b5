import Database from 'better-sqlite3';
import path from 'node:path';
import { DATABASE_FILE } from '../../proxy/store/database.js';

export type UsageLogRow = Record<string, string | number | null>;

/** The request log as the gateway wrote it, read through a connection of its own. */
export function readUsageRows(dataDir: string): UsageLogRow[] {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT * FROM usage_requests ORDER BY id').all() as UsageLogRow[];
  } finally {
    db.close();
  }
}

/** Waits until the log holds at least `count` rows (it is written in batches, ~250 ms apart). */
export async function waitForUsageRows(
  dataDir: string,
  count: number,
  timeoutMs = 5000,
): Promise<UsageLogRow[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = readUsageRows(dataDir);
    if (rows.length >= count) return rows;
    if (Date.now() > deadline) throw new Error(`the usage log has ${rows.length} rows, expected ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
