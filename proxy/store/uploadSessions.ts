import type { Db } from './database.js';

/** A resumable upload under way as the database keeps it: no key, and its id only as a hash. */
export interface StoredUploadSession {
  idHash: string;
  clientId: string;
  projectId: string;
  keyId: string;
  upstreamUrl: string;
  apiVersion: 'v1beta' | 'v1';
  createdAt: number;
  touchedAt: number;
}

interface Row {
  id_hash: string;
  client_id: string;
  project_id: string;
  key_id: string;
  upstream_url: string;
  api_version: 'v1beta' | 'v1';
  created_at: number;
  touched_at: number;
}

/**
 * The `upload_sessions` table: uploads under way, so that an upload id survives a restart of
 * gemgate (dispatch/uploadSessions.ts decides when one expires; this only keeps them).
 */
export class UploadSessionRepository {
  // Every chunk of an upload is looked up and touched: those statements are prepared once.
  private readonly byIdHash;
  private readonly touchByIdHash;

  constructor(private readonly db: Db) {
    this.byIdHash = db.prepare('SELECT * FROM upload_sessions WHERE id_hash = ?');
    this.touchByIdHash = db.prepare('UPDATE upload_sessions SET touched_at = ? WHERE id_hash = ?');
  }

  save(session: StoredUploadSession): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO upload_sessions
           (id_hash, client_id, project_id, key_id, upstream_url, api_version, created_at, touched_at)
         VALUES (@idHash, @clientId, @projectId, @keyId, @upstreamUrl, @apiVersion, @createdAt, @touchedAt)`,
      )
      .run(session);
  }

  get(idHash: string): StoredUploadSession | undefined {
    const row = this.byIdHash.get(idHash) as Row | undefined;
    return (
      row && {
        idHash: row.id_hash,
        clientId: row.client_id,
        projectId: row.project_id,
        keyId: row.key_id,
        upstreamUrl: row.upstream_url,
        apiVersion: row.api_version,
        createdAt: row.created_at,
        touchedAt: row.touched_at,
      }
    );
  }

  touch(idHash: string, at: number): void {
    this.touchByIdHash.run(at, idHash);
  }

  delete(idHash: string): void {
    this.db.prepare('DELETE FROM upload_sessions WHERE id_hash = ?').run(idHash);
  }

  /** Drops sessions idle since `idleBefore` or started before `startedBefore`, then all but the `keep` latest. */
  prune(idleBefore: number, startedBefore: number, keep: number): void {
    this.db
      .prepare(
        `DELETE FROM upload_sessions WHERE touched_at <= @idleBefore OR created_at <= @startedBefore OR id_hash IN (
           SELECT id_hash FROM upload_sessions ORDER BY touched_at DESC, id_hash LIMIT -1 OFFSET @keep)`,
      )
      .run({ idleBefore, startedBefore, keep });
  }
}
