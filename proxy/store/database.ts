import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations.js';

export type Db = Database.Database;

export const DATABASE_FILE = 'gemgate.db';

/**
 * Opens (creating if needed) the one database in the data folder, in WAL mode so the dashboard's
 * reads never wait on the gateway's writes, and brings its schema up to date.
 */
export function openDatabase(dataDir: string, file = DATABASE_FILE): Db {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(path.join(dataDir, file));
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only a power cut can lose the
  // last transactions, which for a request log is the right trade against an fsync per write.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(
      `This data folder was written by a newer gemgate (schema ${current}, this version knows ${migrations.length}). Upgrade gemgate.`,
    );
  }
  for (let version = current; version < migrations.length; version++) {
    db.transaction(() => {
      db.exec(migrations[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
