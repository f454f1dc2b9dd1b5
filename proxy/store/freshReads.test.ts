import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from './openStore.js';
import { FreshReads } from './freshReads.js';
import { tempDataDir } from '../../test/support/dataDir.js';

/**
 * FreshReads over a real database file: a value is read from SQLite once and then kept, until a
 * write from anywhere (this connection, or another one, as the CLI's) could have changed it.
 */
describe('fresh reads: kept until the database changes, wherever the change was made', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function setup() {
    const dir = tempDataDir('fresh-reads');
    const gateway = openStore(dir.dir);
    const cli = openStore(dir.dir);
    cleanups.push(
      dir.cleanup,
      () => gateway.close(),
      () => cli.close(),
    );
    const { record } = gateway.tokens.create('phone');
    const reads = new FreshReads<string>(gateway.db);
    let sqliteReads = 0;
    const nameOf = (id: string) => {
      sqliteReads++;
      return gateway.tokens.get(id)?.name;
    };
    return { gateway, cli, reads, id: record.id, nameOf, sqliteReads: () => sqliteReads };
  }

  it('reads SQLite once while nothing is written', () => {
    const { reads, id, nameOf, sqliteReads } = setup();
    for (let i = 0; i < 5; i++) expect(reads.get(id, nameOf)).toBe('phone');
    expect(sqliteReads()).toBe(1);
  });

  it('reads again after another connection commits (the CLI in another process)', () => {
    const { cli, reads, id, nameOf, sqliteReads } = setup();
    expect(reads.get(id, nameOf)).toBe('phone');
    cli.db.prepare('UPDATE client_tokens SET name = ? WHERE id = ?').run('tablet', id);
    expect(reads.get(id, nameOf)).toBe('tablet');
    expect(sqliteReads()).toBe(2);
  });

  it("reads again after this connection's own write (the dashboard)", () => {
    const { gateway, reads, id, nameOf } = setup();
    expect(reads.get(id, nameOf)).toBe('phone');
    gateway.db.prepare('UPDATE client_tokens SET name = ? WHERE id = ?').run('tablet', id);
    expect(reads.get(id, nameOf)).toBe('tablet');
  });

  it('reads again after any write at all, even to another table: it never guesses what a write touched', () => {
    const { gateway, reads, id, nameOf, sqliteReads } = setup();
    reads.get(id, nameOf);
    gateway.settings.set('resume.maxAttempts', 3);
    reads.get(id, nameOf);
    expect(sqliteReads()).toBe(2);
  });

  it('never keeps "not found": a read that finds nothing is made again next time', () => {
    const { reads, nameOf, sqliteReads } = setup();
    expect(reads.get('tok_unknown', nameOf)).toBeUndefined();
    expect(reads.get('tok_unknown', nameOf)).toBeUndefined();
    expect(sqliteReads()).toBe(2);
  });

  it('keeps nothing read inside a transaction, which may yet be rolled back', () => {
    const { gateway, reads, id, nameOf } = setup();
    expect(() =>
      gateway.db.transaction(() => {
        gateway.db.prepare('UPDATE client_tokens SET name = ? WHERE id = ?').run('tablet', id);
        expect(reads.get(id, nameOf)).toBe('tablet');
        throw new Error('changed my mind');
      })(),
    ).toThrow('changed my mind');
    expect(reads.get(id, nameOf)).toBe('phone');
  });

  it('a rolled-back write leaves nothing stale behind', () => {
    const { gateway, reads, id, nameOf } = setup();
    expect(reads.get(id, nameOf)).toBe('phone');
    expect(() =>
      gateway.db.transaction(() => {
        gateway.db.prepare('UPDATE client_tokens SET name = ? WHERE id = ?').run('tablet', id);
        throw new Error('changed my mind');
      })(),
    ).toThrow('changed my mind');
    expect(reads.get(id, nameOf)).toBe('phone');
  });
});
