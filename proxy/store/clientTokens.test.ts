import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './openStore.js';
import { CHANGE_RECHECK_MS } from './changeWatch.js';
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

  it('forgets a token revoked here at once', () => {
    const { store } = open();
    const { record, token } = store.tokens.create('phone');
    expect(store.tokens.verify(token)).toBeDefined();
    store.tokens.revoke(record.id);
    expect(store.tokens.verify(token)).toBeUndefined();
  });

  it('notices a token revoked by another process within the recheck interval', () => {
    const { store, other } = open();
    const { record, token } = store.tokens.create('tablet');
    const t0 = 1_000_000;
    expect(store.tokens.verify(token, t0)).toBeDefined();
    other.tokens.revoke(record.id);
    expect(store.tokens.verify(token, t0 + CHANGE_RECHECK_MS)).toBeUndefined();
  });

  it('notices a token revoked through the same connection by other code (a backup import) within the interval', () => {
    const { store } = open();
    const { record, token } = store.tokens.create('desk');
    const t0 = 3_000_000;
    expect(store.tokens.verify(token, t0)).toBeDefined();
    store.db.prepare('UPDATE client_tokens SET revoked_at = 1 WHERE id = ?').run(record.id);
    expect(store.tokens.verify(token, t0 + CHANGE_RECHECK_MS)).toBeUndefined();
  });

  it('sees a token created by another process at once (only verified tokens are remembered)', () => {
    const { store, other } = open();
    const t0 = 2_000_000;
    store.tokens.create('first');
    const { token } = other.tokens.create('second');
    expect(store.tokens.verify(token, t0)).toBeDefined();
  });
});
