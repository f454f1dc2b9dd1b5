import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './openStore.js';
import { tempDataDir } from '../../test/support/dataDir.js';

describe('client tokens', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function open(): { store: Store; other: Store } {
    const { dir, cleanup } = tempDataDir('tokens');
    const store = openStore(dir);
    // A second connection plays the CLI changing the database while the gateway runs.
    const other = openStore(dir);
    cleanups.push(() => {
      store.close();
      other.close();
      cleanup();
    });
    return { store, other };
  }

  it('verifies a token, not a wrong one, and stores only its hash', () => {
    const { store } = open();
    const { record, token } = store.tokens.create('laptop');
    expect(store.tokens.verify(token)?.id).toBe(record.id);
    expect(store.tokens.verify(token)?.id).toBe(record.id);
    expect(store.tokens.verify(`${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`)).toBeUndefined();
    expect(store.tokens.verify('')).toBeUndefined();
    const stored = JSON.stringify(store.db.prepare('SELECT * FROM client_tokens').all());
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(7));
  });

  it('refuses a revoked token at once, whoever revoked it (this process or the CLI)', () => {
    const { store, other } = open();
    const here = store.tokens.create('phone');
    const there = store.tokens.create('tablet');
    expect(store.tokens.verify(here.token)).toBeDefined();
    expect(store.tokens.verify(there.token)).toBeDefined();
    store.tokens.revoke(here.record.id);
    other.tokens.revoke(there.record.id);
    expect(store.tokens.verify(here.token)).toBeUndefined();
    expect(store.tokens.verify(there.token)).toBeUndefined();
  });

  it('accepts a token created by another process at once', () => {
    const { store, other } = open();
    const { token } = other.tokens.create('second');
    expect(store.tokens.verify(token)).toBeDefined();
  });
});
