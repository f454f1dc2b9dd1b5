import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, openDatabase } from './database.js';
import { tempDataDir } from '../../test/support/dataDir.js';

describe('database', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('opens in WAL mode with every migration applied once, and reopens without reapplying', () => {
    const { dir, cleanup } = tempDataDir('db');
    cleanups.push(cleanup);
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const applied = db.prepare('SELECT name FROM schema_migrations').all();
    db.close();
    const again = openDatabase(dir);
    expect(again.prepare('SELECT name FROM schema_migrations').all()).toEqual(applied);
    expect(again.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });

  it('refuses a database written by a newer version instead of guessing', () => {
    const { dir, cleanup } = tempDataDir('db-newer');
    cleanups.push(cleanup);
    openDatabase(dir).close();
    const raw = new Database(path.join(dir, DATABASE_FILE));
    raw
      .prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)')
      .run('999-from-the-future', Date.now());
    raw.close();
    expect(() => openDatabase(dir)).toThrow(/newer gemgate.*999-from-the-future/);
  });
});
