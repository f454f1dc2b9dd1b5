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
  const location = path.join(dataDir, file);
  makePrivate(dataDir, location);
  const db = new Database(location);
  db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only a power cut can lose the
  // last transactions, which for a request log is the right trade against an fsync per write.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/**
 * The database holds the request log, file names and token hashes: only its user may read it. The
 * folder is made 0700 (a host such as Electron may have made it 0755 first) and the database file
 * 0600 before SQLite opens it; SQLite gives its -wal and -shm files the database file's mode. Files
 * an older gemgate left readable are tightened too. Windows has no such modes: nothing to do there.
 */
function makePrivate(dataDir: string, location: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  if ((fs.statSync(dataDir).mode & 0o077) !== 0) fs.chmodSync(dataDir, 0o700);
  fs.closeSync(fs.openSync(location, 'a', 0o600));
  for (const name of [location, `${location}-wal`, `${location}-shm`]) {
    try {
      if ((fs.statSync(name).mode & 0o077) !== 0) fs.chmodSync(name, 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

export function migrate(db: Db): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (db.prepare('SELECT name FROM schema_migrations').all() as Array<{ name: string }>).map(
      (row) => row.name,
    ),
  );
  const known = new Set(migrations.map((migration) => migration.name));
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `This data folder was written by a newer gemgate (it has migration ${unknown[0]}, unknown to this version). Upgrade gemgate.`,
    );
  }
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(
        migration.name,
        Date.now(),
      );
    })();
  }
}

/**
 * SQLite's data_version: it changes when another connection (the CLI, a second window) commits to
 * the database, and not for this connection's own writes. Polling it is how a running gateway
 * notices changes made outside it, at the cost of one pragma.
 */
export function readDataVersion(db: Db): number {
  return db.pragma('data_version', { simple: true }) as number;
}
