import type { Db } from './database.js';

export type KeyState = 'active' | 'disabled' | 'dead';

/** A key as the database knows it: everything but the key itself. */
export interface KeyRecord {
  id: string;
  accountId: string;
  projectId: string;
  masked: string;
  fingerprint: string;
  state: KeyState;
  stateReason: string | null;
  stateSince: number | null;
  lastCheckedAt: number | null;
  createdAt: number;
  /** The provider of the key's project: `gemini`, or another provider's name. */
  provider: string;
}

interface KeyRow {
  id: string;
  account_id: string;
  project_id: string;
  masked: string;
  fingerprint: string;
  state: KeyState;
  state_reason: string | null;
  state_since: number | null;
  last_checked_at: number | null;
  created_at: number;
  provider: string | null;
}

const toKey = (row: KeyRow): KeyRecord => ({
  id: row.id,
  accountId: row.account_id,
  projectId: row.project_id,
  masked: row.masked,
  fingerprint: row.fingerprint,
  state: row.state,
  stateReason: row.state_reason,
  stateSince: row.state_since,
  lastCheckedAt: row.last_checked_at,
  createdAt: row.created_at,
  provider: row.provider ?? 'gemini',
});

/** A key's row with the provider of its project. */
const SELECT_KEYS =
  'SELECT keys.*, projects.provider AS provider FROM keys LEFT JOIN projects ON projects.id = keys.project_id';

export class KeyRepository {
  constructor(private readonly db: Db) {}

  list(): KeyRecord[] {
    return (this.db.prepare(`${SELECT_KEYS} ORDER BY keys.created_at, keys.rowid`).all() as KeyRow[]).map(
      toKey,
    );
  }

  get(id: string): KeyRecord | undefined {
    const row = this.db.prepare(`${SELECT_KEYS} WHERE keys.id = ?`).get(id) as KeyRow | undefined;
    return row && toKey(row);
  }

  findByFingerprint(fingerprint: string): KeyRecord | undefined {
    const row = this.db.prepare(`${SELECT_KEYS} WHERE keys.fingerprint = ?`).get(fingerprint) as
      KeyRow | undefined;
    return row && toKey(row);
  }

  insert(key: Omit<KeyRecord, 'stateReason' | 'stateSince' | 'lastCheckedAt' | 'provider'>): void {
    this.db
      .prepare(
        `INSERT INTO keys (id, account_id, project_id, masked, fingerprint, state, created_at)
         VALUES (@id, @accountId, @projectId, @masked, @fingerprint, @state, @createdAt)`,
      )
      .run(key);
  }

  setState(id: string, state: KeyState, reason: string | null, now = Date.now()): void {
    this.db
      .prepare('UPDATE keys SET state = ?, state_reason = ?, state_since = ? WHERE id = ?')
      .run(state, reason, now, id);
  }

  markChecked(id: string, now = Date.now()): void {
    this.db.prepare('UPDATE keys SET last_checked_at = ? WHERE id = ?').run(now, id);
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM keys WHERE id = ?').run(id).changes > 0;
  }
}
