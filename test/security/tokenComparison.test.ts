import crypto from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../proxy/store/openStore.js';
import { hashToken, TOKEN_PREFIX } from '../../proxy/store/clientTokens.js';
import { tempDataDir } from '../support/dataDir.js';

/**
 * Client tokens are compared so that timing tells an attacker nothing, checked by the code path
 * rather than by a stopwatch (timing assertions are flaky): the presented token is only ever
 * hashed; the lookup is by the whole SHA-256 (an index seek on a value the attacker cannot steer
 * byte by byte); a match is confirmed with crypto.timingSafeEqual on equal-length digests; and a
 * wrong token whose digest shares a long prefix with a real one takes exactly the path of any
 * other wrong token.
 */
describe('client token comparison', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => {
    vi.restoreAllMocks();
    cleanups.splice(0).forEach((cleanup) => cleanup());
  });

  function storeWithToken(): { store: Store; token: string } {
    const { dir, cleanup } = tempDataDir('token-compare');
    const store = openStore(dir);
    cleanups.push(() => {
      store.close();
      cleanup();
    });
    return { store, token: store.tokens.create('laptop').token };
  }

  /** A wrong token whose stored digest starts like `target`'s, found by brute force. */
  function sharingDigestPrefix(target: string, hexChars: number): string {
    const prefix = hashToken(target).slice(0, hexChars);
    for (let i = 0; ; i++) {
      const candidate = `${TOKEN_PREFIX}${crypto.randomBytes(24).toString('base64url')}${i}`;
      if (hashToken(candidate).startsWith(prefix)) return candidate;
    }
  }

  /** What verify did: the values the lookup statement was given, and every timingSafeEqual call. */
  function trace(store: Store, token: string) {
    const statement = (store.tokens as unknown as { byHash: { get(hash: string): unknown } }).byHash;
    const lookups = vi.spyOn(statement, 'get');
    const comparisons = vi.spyOn(crypto, 'timingSafeEqual');
    const result = store.tokens.verify(token);
    const seen = {
      result: result?.id,
      lookups: lookups.mock.calls.map((call) => call[0]),
      comparisons: comparisons.mock.calls.map(([a, b]) => [
        Buffer.from(a as Uint8Array).length,
        Buffer.from(b as Uint8Array).length,
      ]),
    };
    lookups.mockRestore();
    comparisons.mockRestore();
    return seen;
  }

  it('stores only the digest, never the token or a part of it beyond the short display prefix', () => {
    const { store, token } = storeWithToken();
    const rows = store.db.prepare('SELECT * FROM client_tokens').all() as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hash).toBe(hashToken(token));
    const dump = JSON.stringify(rows);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(token.slice(7, 20));
    expect(hashToken(token)).toBe(crypto.createHash('sha256').update(`gemgate-token:${token}`).digest('hex'));
  });

  it('a valid token: one lookup by its whole digest, confirmed by timingSafeEqual on 32-byte digests', () => {
    const { store, token } = storeWithToken();
    const seen = trace(store, token);
    expect(seen.result).toBeDefined();
    expect(seen.lookups).toEqual([hashToken(token)]);
    expect(seen.comparisons).toEqual([[32, 32]]);
  });

  it('a wrong token whose digest shares a long prefix takes the path of any wrong token', () => {
    const { store, token } = storeWithToken();
    const nearMiss = sharingDigestPrefix(token, 4);
    expect(hashToken(nearMiss).slice(0, 4)).toBe(hashToken(token).slice(0, 4));
    const random = `${TOKEN_PREFIX}${crypto.randomBytes(24).toString('base64url')}`;
    // A token that differs from the real one in its last character only: its digest shares nothing.
    const lastCharOff = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const paths = [nearMiss, random, lastCharOff].map((wrong) => {
      const seen = trace(store, wrong);
      expect(seen.result).toBeUndefined();
      expect(seen.lookups).toEqual([hashToken(wrong)]);
      return { lookups: seen.lookups.length, comparisons: seen.comparisons };
    });
    expect(paths[0]).toEqual(paths[1]);
    expect(paths[2]).toEqual(paths[1]);
    expect(paths[1]).toEqual({ lookups: 1, comparisons: [] });
  });

  it('the lookup statement compares whole digests in SQL, not prefixes', () => {
    const { store } = storeWithToken();
    const statement = (store.tokens as unknown as { byHash: { source: string } }).byHash;
    expect(statement.source).toMatch(/WHERE hash = \?/);
    expect(statement.source).not.toMatch(/LIKE|substr|instr/i);
  });
});
