import type { Db } from './database.js';

/**
 * Google keeps a stored interaction 55 days on the paid tier and 1 day on the free tier
 * (ai.google.dev/gemini-api/docs/interactions, data retention). gemgate cannot tell a project's tier,
 * so it keeps an owner as long as the longer of the two: past Google's own deletion the owner answers
 * 404 itself, which is what the client should hear; forgetting the owner too early would send a
 * follow-up to a stranger project, which could only answer the same 404.
 */
export const INTERACTION_KEEP_MS = 55 * 24 * 3600_000;
/** Bounds the table however many interactions clients make; the oldest go first. */
export const MAX_INTERACTIONS = 200_000;

/**
 * An interaction gemgate created, as its client knows it. `id` is the id the client was given.
 * `headId` is the interaction at Google that holds the whole turn: `id` itself, unless gemgate
 * completed a cut stream, when it is the last continuation's (a follow-up or a GET goes there).
 * `upstreamIds` are every interaction at Google this one stands for (a resumed stream's attempts),
 * deleted together.
 */
export interface InteractionOwner {
  id: string;
  projectId: string;
  clientId: string;
  /** The model or agent: the quota bucket of calls about it. */
  model: string;
  /** The `previous_interaction_id` the client sent (Google may echo another: that turn's head). */
  previousId: string | null;
  headId: string;
  upstreamIds: string[];
  /** Characters of repeated text removed where the last continuation joined the answer. */
  seamRemoved: number;
  background: boolean;
  /**
   * Its usage is in the request log. A background run's is known only once a poll finds it finished:
   * that poll logs it, once.
   */
  usageLogged: boolean;
  createdAt: number;
}

interface Row {
  id: string;
  project_id: string;
  client_id: string;
  model: string;
  previous_id: string | null;
  head_id: string;
  upstream_ids: string;
  seam_removed: number;
  background: number;
  usage_logged: number;
  created_at: number;
}

const toOwner = (row: Row): InteractionOwner => ({
  id: row.id,
  projectId: row.project_id,
  clientId: row.client_id,
  model: row.model,
  previousId: row.previous_id,
  headId: row.head_id,
  upstreamIds: JSON.parse(row.upstream_ids) as string[],
  seamRemoved: row.seam_removed,
  background: row.background === 1,
  usageLogged: row.usage_logged === 1,
  createdAt: row.created_at,
});

/**
 * Which project and which client each stored interaction belongs to. Gemini answers an interaction
 * only through keys of the project that created it, and the pool may hand any request to any project,
 * so a follow-up (`previous_interaction_id`), a GET, a DELETE or a cancel is sent to the owner found
 * here; a client never reaches another client's interaction. Written before the client hears the
 * interaction's id, so nothing a client was told about is missing after a crash.
 */
export class InteractionOwnerRepository {
  // Every interaction is recorded and every follow-up, GET or poll looks its owner up: the
  // statements are prepared once.
  private readonly upsert;
  private readonly pruneOld;
  private readonly byId;
  private readonly markLogged;

  constructor(
    private readonly db: Db,
    private readonly maxRows = MAX_INTERACTIONS,
  ) {
    this.upsert = db.prepare(
      `INSERT INTO interaction_owners
         (id, project_id, client_id, model, previous_id, head_id, upstream_ids, seam_removed, background,
          usage_logged, created_at)
       VALUES (@id, @projectId, @clientId, @model, @previousId, @headId, @upstreamIds, @seamRemoved, @background,
          @usageLogged, @createdAt)
       ON CONFLICT(id) DO UPDATE SET project_id = excluded.project_id, client_id = excluded.client_id,
         model = excluded.model, previous_id = excluded.previous_id, head_id = excluded.head_id, upstream_ids = excluded.upstream_ids,
         seam_removed = excluded.seam_removed, background = excluded.background,
         usage_logged = excluded.usage_logged,
         created_at = excluded.created_at`,
    );
    this.pruneOld = db.prepare(
      `DELETE FROM interaction_owners WHERE created_at <= @before OR id IN (
         SELECT id FROM interaction_owners ORDER BY created_at DESC, id LIMIT -1 OFFSET @keep)`,
    );
    this.byId = db.prepare('SELECT * FROM interaction_owners WHERE id = ? AND created_at > ?');
    this.markLogged = db.prepare(
      'UPDATE interaction_owners SET usage_logged = 1 WHERE id = ? AND usage_logged = 0',
    );
  }

  record(owner: InteractionOwner): void {
    this.db.transaction(() => {
      this.upsert.run({
        ...owner,
        upstreamIds: JSON.stringify(owner.upstreamIds),
        background: owner.background ? 1 : 0,
        usageLogged: owner.usageLogged ? 1 : 0,
      });
      this.pruneOld.run({ before: owner.createdAt - INTERACTION_KEEP_MS, keep: this.maxRows });
    })();
  }

  /** The owner, or undefined when gemgate did not make it or Google no longer keeps it. */
  ownerOf(id: string, now = Date.now()): InteractionOwner | undefined {
    const row = this.byId.get(id, now - INTERACTION_KEEP_MS) as Row | undefined;
    return row && toOwner(row);
  }

  /** The first poll that found a background run finished logged its usage: no other will. */
  markUsageLogged(id: string): boolean {
    return this.markLogged.run(id).changes > 0;
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM interaction_owners WHERE id = ?').run(id).changes > 0;
  }
}
