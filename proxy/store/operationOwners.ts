import type { Db } from './database.js';

/** Who started a long-running operation: the project whose keys can see it, the key, and the client. */
export interface OperationOwner {
  projectId: string;
  keyId: string;
  clientId: string;
  startedAt: number;
}

/** Veo keeps a video's operation (and the video) for two days (https://ai.google.dev/gemini-api/docs/video). */
export const OPERATION_KEEP_MS = 2 * 24 * 3600_000;
/** Bounds the table however many operations a client starts; the oldest go first. */
export const MAX_OPERATIONS = 10_000;

interface Row {
  project_id: string;
  key_id: string;
  client_id: string;
  started_at: number;
}

/**
 * Operations gemgate started, by name (`models/veo-…/operations/…`). Gemini answers a poll only
 * through a key of the project that started the operation, and the pool may hand a poll to any
 * project, so the owner is kept here, in the database: a video that takes minutes is still polled
 * through the right project after the gateway restarts. Past two days an operation is gone at
 * Google, and here too; past MAX_OPERATIONS the oldest go.
 */
export class OperationOwnerRepository {
  constructor(private readonly db: Db) {}

  remember(name: string, owner: OperationOwner): void {
    this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO operation_owners (name, project_id, key_id, client_id, started_at)
           VALUES (@name, @projectId, @keyId, @clientId, @startedAt)
           ON CONFLICT(name) DO UPDATE SET project_id = excluded.project_id, key_id = excluded.key_id,
             client_id = excluded.client_id, started_at = excluded.started_at`,
        )
        .run({ name, ...owner });
      this.db
        .prepare(
          `DELETE FROM operation_owners WHERE started_at <= @before OR name IN (
             SELECT name FROM operation_owners ORDER BY started_at DESC, name LIMIT -1 OFFSET @keep)`,
        )
        .run({ before: owner.startedAt - OPERATION_KEEP_MS, keep: MAX_OPERATIONS });
    })();
  }

  /** The operation's owner, or undefined when gemgate did not start it or Google no longer keeps it. */
  ownerOf(name: string, now = Date.now()): OperationOwner | undefined {
    const row = this.db
      .prepare(
        'SELECT project_id, key_id, client_id, started_at FROM operation_owners WHERE name = ? AND started_at > ?',
      )
      .get(name, now - OPERATION_KEEP_MS) as Row | undefined;
    return (
      row && {
        projectId: row.project_id,
        keyId: row.key_id,
        clientId: row.client_id,
        startedAt: row.started_at,
      }
    );
  }
}
