import crypto from 'node:crypto';
import type { Db } from './database.js';
import { FreshReads } from './freshReads.js';
import { newId, sha256Hex } from '../util/ids.js';
import { liveSecrets } from '../log/liveSecrets.js';

export interface ClientToken {
  id: string;
  name: string;
  /** The first characters of the token, enough to tell tokens apart in a list. */
  prefix: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** A row of client_tokens as SQLite returns it. */
export interface TokenRow {
  id: string;
  name: string;
  hash: string;
  prefix: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export const toToken = (row: TokenRow): ClientToken => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

export const TOKEN_PREFIX = 'gg-';

export function hashToken(token: string): string {
  return sha256Hex(`gemgate-token:${token}`);
}

/**
 * Client access tokens. Only their SHA-256 hash is stored; the token itself is shown once, when
 * created. Lookup goes through the hash, then compares hashes in constant time.
 */
export class ClientTokenRepository {
  // Verification runs on every request: its statement is prepared once, and what it found is kept
  // until the database changes (FreshReads), by hash: the token itself is not kept.
  private readonly byHash;
  private readonly verified;

  constructor(private readonly db: Db) {
    this.byHash = db.prepare('SELECT * FROM client_tokens WHERE hash = ? AND revoked_at IS NULL');
    this.verified = new FreshReads<ClientToken>(db);
  }

  create(name: string, now = Date.now()): { record: ClientToken; token: string } {
    const token = TOKEN_PREFIX + crypto.randomBytes(24).toString('base64url');
    const record: ClientToken = {
      id: newId('tok'),
      name,
      prefix: token.slice(0, 7),
      createdAt: now,
      lastUsedAt: null,
      revokedAt: null,
    };
    this.db
      .prepare('INSERT INTO client_tokens (id, name, hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(record.id, name, hashToken(token), record.prefix, now);
    return { record, token };
  }

  list(): ClientToken[] {
    return (
      this.db.prepare('SELECT * FROM client_tokens ORDER BY created_at, rowid').all() as TokenRow[]
    ).map(toToken);
  }

  get(id: string): ClientToken | undefined {
    const row = this.db.prepare('SELECT * FROM client_tokens WHERE id = ?').get(id) as TokenRow | undefined;
    return row && toToken(row);
  }

  /**
   * The active (not revoked) token with this value, if any. What it returns is shared by every
   * request with that token until the database changes: frozen, so that none can change it for the
   * others. A token that is not found is not remembered (strangers cannot fill memory). A token that
   * matches is from then on masked by value wherever gemgate writes text (log/liveSecrets.ts).
   */
  verify(token: string): ClientToken | undefined {
    const client = this.verified.get(hashToken(token), (hash) => {
      const row = this.byHash.get(hash) as TokenRow | undefined;
      if (!row) return undefined;
      const matches = crypto.timingSafeEqual(Buffer.from(row.hash, 'hex'), Buffer.from(hash, 'hex'));
      return matches ? Object.freeze(toToken(row)) : undefined;
    });
    if (client) liveSecrets.add(token);
    return client;
  }

  revoke(id: string, now = Date.now()): boolean {
    return (
      this.db
        .prepare('UPDATE client_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
        .run(now, id).changes > 0
    );
  }

  touch(id: string, now = Date.now()): void {
    this.db.prepare('UPDATE client_tokens SET last_used_at = ? WHERE id = ?').run(now, id);
  }
}
