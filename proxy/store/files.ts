import type { Db } from './database.js';

export type OwnedKind = 'file' | 'cachedContent';

/**
 * A Files API file or a cached content created through gemgate. Only keys of `projectId` can read
 * it at Google; only `clientId` sees it through gemgate. `resource` is Google's own JSON for it, as
 * last read (a File or a CachedContent: metadata, never content).
 */
export interface OwnedResource {
  /** `files/ID` or `cachedContents/ID`. */
  name: string;
  kind: OwnedKind;
  projectId: string;
  clientId: string | null;
  displayName: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  /** The model of a cached content (`models/…`). */
  model: string | null;
  createdAt: number;
  /** When Google deletes it (a file's expirationTime, a cache's expireTime); null when unknown. */
  expiresAt: number | null;
  resource: Record<string, unknown>;
}

interface Row {
  name: string;
  kind: OwnedKind;
  project_id: string;
  client_id: string | null;
  display_name: string | null;
  mime_type: string | null;
  size_bytes: number | null;
  model: string | null;
  created_at: number;
  expires_at: number | null;
  resource: string;
}

const toResource = (row: Row): OwnedResource => ({
  name: row.name,
  kind: row.kind,
  projectId: row.project_id,
  clientId: row.client_id,
  displayName: row.display_name,
  mimeType: row.mime_type,
  sizeBytes: row.size_bytes,
  model: row.model,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  resource: JSON.parse(row.resource) as Record<string, unknown>,
});

/** Rows still alive at `now`: never expired, or no expiry known. */
const ALIVE = '(expires_at IS NULL OR expires_at > @now)';

/**
 * Which project owns each file and cached content gemgate created, until it expires at Google.
 * Written once when the upload (or create) succeeds, before the client hears of it, so a crash
 * right after loses nothing a client was told about.
 */
export class OwnedResourceRepository {
  constructor(private readonly db: Db) {}

  /** Records (or replaces) a resource; a project unknown to the store is refused by its foreign key. */
  record(resource: OwnedResource): void {
    this.db
      .prepare(
        `INSERT INTO owned_resources
           (name, kind, project_id, client_id, display_name, mime_type, size_bytes, model, created_at, expires_at, resource)
         VALUES (@name, @kind, @projectId, @clientId, @displayName, @mimeType, @sizeBytes, @model, @createdAt, @expiresAt, @resource)
         ON CONFLICT(name) DO UPDATE SET
           kind = excluded.kind, project_id = excluded.project_id, client_id = excluded.client_id,
           display_name = excluded.display_name, mime_type = excluded.mime_type,
           size_bytes = excluded.size_bytes, model = excluded.model, created_at = excluded.created_at,
           expires_at = excluded.expires_at, resource = excluded.resource`,
      )
      .run({ ...resource, resource: JSON.stringify(resource.resource) });
  }

  /** Google's newer word on a resource it still has: its JSON and expiry. */
  refresh(name: string, resource: Record<string, unknown>, expiresAt: number | null): void {
    this.db
      .prepare('UPDATE owned_resources SET resource = ?, expires_at = ? WHERE name = ?')
      .run(JSON.stringify(resource), expiresAt, name);
  }

  get(name: string, now = Date.now()): OwnedResource | undefined {
    const row = this.db
      .prepare(`SELECT * FROM owned_resources WHERE name = @name AND ${ALIVE}`)
      .get({ name, now }) as Row | undefined;
    return row && toResource(row);
  }

  /** The live resources among `names`, by name (one query however many names). */
  getMany(names: readonly string[], now = Date.now()): Map<string, OwnedResource> {
    const found = new Map<string, OwnedResource>();
    if (names.length === 0) return found;
    const rows = this.db
      .prepare(
        `SELECT * FROM owned_resources WHERE name IN (SELECT value FROM json_each(@names)) AND ${ALIVE}`,
      )
      .all({ names: JSON.stringify(names), now }) as Row[];
    for (const row of rows) found.set(row.name, toResource(row));
    return found;
  }

  /** A client's live resources of one kind, newest first, a page at a time. */
  listForClient(
    clientId: string,
    kind: OwnedKind,
    page: { offset: number; limit: number },
    now = Date.now(),
  ): { resources: OwnedResource[]; total: number } {
    const where = `client_id = @clientId AND kind = @kind AND ${ALIVE}`;
    const rows = this.db
      .prepare(
        `SELECT * FROM owned_resources WHERE ${where} ORDER BY created_at DESC, name LIMIT @limit OFFSET @offset`,
      )
      .all({ clientId, kind, now, ...page }) as Row[];
    const { total } = this.db
      .prepare(`SELECT count(*) AS total FROM owned_resources WHERE ${where}`)
      .get({ clientId, kind, now }) as { total: number };
    return { resources: rows.map(toResource), total };
  }

  /** Every live resource, newest first (the dashboard). */
  listAll(now = Date.now()): OwnedResource[] {
    const rows = this.db
      .prepare(`SELECT * FROM owned_resources WHERE ${ALIVE} ORDER BY created_at DESC, name`)
      .all({ now }) as Row[];
    return rows.map(toResource);
  }

  delete(name: string): boolean {
    return this.db.prepare('DELETE FROM owned_resources WHERE name = ?').run(name).changes > 0;
  }

  /** Drops what Google has deleted by now; returns how many rows went. */
  pruneExpired(now = Date.now()): number {
    return this.db.prepare('DELETE FROM owned_resources WHERE expires_at <= ?').run(now).changes;
  }

  /** Whether any resource is recorded at all: while none is, requests need not be searched for names. */
  isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM owned_resources LIMIT 1').get() === undefined;
  }
}
