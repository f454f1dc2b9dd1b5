import crypto from 'node:crypto';
import type { Db } from './database.js';
import { seal, unseal, type Sealed } from '../secrets/fileStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { ConversationState, StoredItem } from '../translate/responses/index.js';

/** What is kept of one stored response (every response not made with `store: false`). */
export interface StoredResponse {
  /** The Response object as the client got it, for GET /v1/responses/{id}; its `output` items too. */
  response: Record<string, unknown>;
  /** What this response added to the conversation: its input and its answer, signatures included. */
  turn: ConversationState;
  /**
   * The request's input items as the client gave them, each with an id, for
   * GET /v1/responses/{id}/input_items and `item_reference`. Absent on responses stored before.
   */
  inputItems?: StoredItem[];
}

export interface ResponseStoreLimits {
  /** Responses kept per client token; the least recently used go first. */
  maxPerClient: number;
  /** Sealed bytes kept per client token (conversations carry inline images). */
  maxBytesPerClient: number;
  /** Sealed bytes kept in all; the least recently used go first. */
  maxBytesTotal: number;
  /** A response not used (created, read, or continued from) for this long is gone. */
  ttlMs: number;
}

/** OpenAI keeps stored responses 30 days; the byte bounds keep the data folder small on a laptop. */
export const RESPONSE_STORE_LIMITS: ResponseStoreLimits = {
  maxPerClient: 1000,
  maxBytesPerClient: 100 * 1024 * 1024,
  maxBytesTotal: 500 * 1024 * 1024,
  ttlMs: 30 * 24 * 60 * 60 * 1000,
};

/** The secret store entry holding the AES-256 key; made the first time a response is stored. */
export const RESPONSE_KEY_SECRET_ID = 'responses-store-key';

interface Row {
  id: string;
  client_id: string;
  previous_id: string | null;
  used_at: number;
  sealed: string;
}

/** What is sealed: the record, and the row it belongs to, so that a row copied elsewhere is refused. */
interface SealedPayload extends StoredResponse {
  id: string;
  clientId: string;
}

/**
 * Responses kept for `previous_response_id` and `GET`/`DELETE /v1/responses/{id}`, one row each, per
 * client token: a client sees only its own. The content (the conversation, with Gemini's thought
 * signatures) is sealed with AES-256-GCM (seal/unseal, as the secrets file and backups use) under a
 * random key kept in the secret store (the OS keychain, or the encrypted secrets file), so the
 * database alone does not give a conversation away.
 *
 * Each row holds one turn and points to the response before it; a conversation is read by walking
 * back, which touches every response on the way, so a conversation in use is never the least
 * recently used. Bounded by count and bytes per client, bytes in all, and an idle expiry.
 * A row that cannot be opened (the key was lost with a secrets file rewritten elsewhere, or the
 * row altered) counts as gone and is removed.
 */
export class ResponseStore {
  private key: Buffer | undefined;
  private loading: Promise<Buffer> | undefined;
  // Every response is stored and most requests read one back: the statements are prepared once.
  private readonly insertResponse;
  private readonly insertItem;
  private readonly responseOfItem;
  private readonly byIdAndClient;
  private readonly deleteByIdAndClient;
  private readonly touchById;
  private readonly deleteExpired;
  private readonly clientCountAndBytes;
  private readonly totalBytes;
  private readonly evictClientBeyond;
  private readonly evictAnyBeyond;

  constructor(
    private readonly db: Db,
    private readonly secrets: Pick<SecretStore, 'get' | 'set'>,
    private readonly limits: ResponseStoreLimits = RESPONSE_STORE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {
    this.insertResponse = db.prepare(
      `INSERT INTO stored_responses (id, client_id, previous_id, created_at, used_at, bytes, sealed)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertItem = db.prepare(
      'INSERT OR REPLACE INTO stored_response_items (client_id, item_id, response_id) VALUES (?, ?, ?)',
    );
    this.responseOfItem = db.prepare(
      'SELECT response_id FROM stored_response_items WHERE client_id = ? AND item_id = ?',
    );
    this.byIdAndClient = db.prepare(
      'SELECT id, client_id, previous_id, used_at, sealed FROM stored_responses WHERE id = ? AND client_id = ?',
    );
    this.deleteByIdAndClient = db.prepare('DELETE FROM stored_responses WHERE id = ? AND client_id = ?');
    this.touchById = db.prepare('UPDATE stored_responses SET used_at = ? WHERE id = ?');
    this.deleteExpired = db.prepare('DELETE FROM stored_responses WHERE used_at < ?');
    this.clientCountAndBytes = db.prepare(
      'SELECT COUNT(*) AS count, COALESCE(SUM(bytes), 0) AS bytes FROM stored_responses WHERE client_id = ?',
    );
    this.totalBytes = db.prepare('SELECT COALESCE(SUM(bytes), 0) FROM stored_responses').pluck();
    this.evictClientBeyond = db.prepare(evictBeyondSql('WHERE client_id = @clientId'));
    this.evictAnyBeyond = db.prepare(evictBeyondSql(''));
  }

  /** Loads (or, the first time, makes) the sealing key. Call before `save`. */
  async ready(): Promise<void> {
    if (this.key) return;
    this.loading ??= this.loadKey().finally(() => {
      this.loading = undefined;
    });
    this.key = await this.loading;
  }

  save(clientId: string, id: string, previousId: string | null, record: StoredResponse): void {
    const payload: SealedPayload = { ...record, id, clientId };
    const sealed = JSON.stringify(seal(JSON.stringify(payload), this.requireKey()));
    const now = this.now();
    this.db.transaction(() => {
      this.insertResponse.run(id, clientId, previousId, now, now, sealed.length, sealed);
      for (const itemId of itemIdsOf(record)) this.insertItem.run(clientId, itemId, id);
      this.prune(clientId, now);
    })();
  }

  /**
   * The client's stored items with these ids (input or output items of its stored responses), as
   * they were kept; an id the client has no item for is left out. Each response read is used.
   */
  async items(clientId: string, ids: readonly string[]): Promise<Map<string, StoredItem>> {
    const found = new Map<string, StoredItem>();
    const wanted = new Map<string, string[]>();
    for (const itemId of ids) {
      const row = this.responseOfItem.get(clientId, itemId) as { response_id: string } | undefined;
      if (row) wanted.set(row.response_id, [...(wanted.get(row.response_id) ?? []), itemId]);
    }
    if (wanted.size === 0) return found;
    await this.ready();
    for (const [responseId, itemIds] of wanted) {
      const row = this.row(clientId, responseId);
      const opened = row && this.open(row);
      if (!opened) continue;
      const kept = [...(opened.inputItems ?? []), ...outputItemsOf(opened)];
      for (const itemId of itemIds) {
        const item = kept.find((candidate) => candidate.id === itemId);
        if (item) found.set(itemId, item);
      }
    }
    this.touch([...wanted.keys()]);
    return found;
  }

  /** The stored response, or undefined when there is none for this client (expired, deleted, never stored). */
  async get(clientId: string, id: string): Promise<StoredResponse | undefined> {
    const row = await this.rowToOpen(clientId, id);
    const opened = row && this.open(row);
    if (opened) this.touch([id]);
    return opened;
  }

  /**
   * The whole conversation up to and including response `id`, oldest turn first; undefined when
   * `id`, or any response before it, is gone.
   */
  async conversation(clientId: string, id: string): Promise<ConversationState | undefined> {
    const first = await this.rowToOpen(clientId, id);
    if (!first) return undefined;
    const turns: ConversationState[] = [];
    const ids: string[] = [];
    let next: string | null = id;
    while (next !== null) {
      // The chain only points to earlier responses; the bound guards against a damaged table.
      if (ids.length > this.limits.maxPerClient) return undefined;
      const row: Row | undefined = ids.length === 0 ? first : this.row(clientId, next);
      const opened = row && this.open(row);
      if (!row || !opened) return undefined;
      turns.push(opened.turn);
      ids.push(next);
      next = row.previous_id;
    }
    this.touch(ids);
    turns.reverse();
    return {
      contents: turns.flatMap((turn) => turn.contents),
      systemTexts: turns.flatMap((turn) => turn.systemTexts),
      calls: turns.flatMap((turn) => turn.calls),
    };
  }

  delete(clientId: string, id: string): boolean {
    return this.deleteByIdAndClient.run(id, clientId).changes > 0;
  }

  private async loadKey(): Promise<Buffer> {
    const existing = await this.secrets.get(RESPONSE_KEY_SECRET_ID);
    if (existing) return Buffer.from(existing, 'base64');
    const key = crypto.randomBytes(32);
    await this.secrets.set(RESPONSE_KEY_SECRET_ID, key.toString('base64'));
    return key;
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error('ResponseStore used before ready()');
    return this.key;
  }

  /**
   * The row, with the sealing key ready to open it. The key is loaded only once there is something to
   * open: a lookup never creates one. While it loads the row may go, so it is read again after.
   */
  private async rowToOpen(clientId: string, id: string): Promise<Row | undefined> {
    const row = this.row(clientId, id);
    if (!row || this.key) return row;
    await this.ready();
    return this.row(clientId, id);
  }

  private row(clientId: string, id: string): Row | undefined {
    const row = this.byIdAndClient.get(id, clientId) as Row | undefined;
    if (!row) return undefined;
    if (row.used_at < this.now() - this.limits.ttlMs) {
      this.delete(clientId, id);
      return undefined;
    }
    return row;
  }

  private open(row: Row): StoredResponse | undefined {
    try {
      const payload = JSON.parse(
        unseal(JSON.parse(row.sealed) as Sealed, this.requireKey()),
      ) as SealedPayload;
      if (payload.id !== row.id || payload.clientId !== row.client_id) throw new Error('row moved');
      const { response, turn, inputItems } = payload;
      return inputItems ? { response, turn, inputItems } : { response, turn };
    } catch {
      this.delete(row.client_id, row.id);
      return undefined;
    }
  }

  private touch(ids: string[]): void {
    const now = this.now();
    this.db.transaction(() => ids.forEach((id) => this.touchById.run(now, id)))();
  }

  /** Expired rows go, then the client's least recently used beyond its bounds, then anyone's beyond the total. */
  private prune(clientId: string, now: number): void {
    this.deleteExpired.run(now - this.limits.ttlMs);
    const client = this.clientCountAndBytes.get(clientId) as { count: number; bytes: number };
    if (client.count > this.limits.maxPerClient || client.bytes > this.limits.maxBytesPerClient) {
      this.evictBeyond(clientId, this.limits.maxPerClient, this.limits.maxBytesPerClient);
    }
    const total = this.totalBytes.get() as number;
    if (total > this.limits.maxBytesTotal) this.evictBeyond(null, Infinity, this.limits.maxBytesTotal);
  }

  /** Keeps the client's rows (`clientId` null: every client's rows together) within both bounds (evictBeyondSql). */
  private evictBeyond(clientId: string | null, maxCount: number, maxBytes: number): void {
    const bounds = { maxCount: Number.isFinite(maxCount) ? maxCount : Number.MAX_SAFE_INTEGER, maxBytes };
    if (clientId === null) this.evictAnyBeyond.run(bounds);
    else this.evictClientBeyond.run({ ...bounds, clientId });
  }
}

/**
 * Most recently used first, keeps the rows within both bounds and deletes the rest, in one statement
 * (a client's thousand rows are counted inside SQLite, not carried into JavaScript on every save).
 * The newest row always stays, even alone above the byte bound: it was just asked for. `scope`
 * narrows the rows to one client's, or is empty for every client's.
 */
function evictBeyondSql(scope: string): string {
  return `DELETE FROM stored_responses WHERE id IN (
           SELECT id FROM (
             SELECT id,
                    ROW_NUMBER() OVER newest AS position,
                    SUM(bytes) OVER (newest ROWS UNBOUNDED PRECEDING) AS running
             FROM stored_responses ${scope}
             WINDOW newest AS (ORDER BY used_at DESC, rowid DESC)
           )
           WHERE position > 1 AND (position > @maxCount OR running > @maxBytes)
         )`;
}

/** A Response's output items that carry an id (every one gemgate writes does). */
function outputItemsOf(stored: StoredResponse): StoredItem[] {
  const output = stored.response.output;
  if (!Array.isArray(output)) return [];
  return output.filter(
    (item): item is StoredItem => typeof (item as { id?: unknown } | null)?.id === 'string',
  );
}

function itemIdsOf(record: StoredResponse): string[] {
  return [...new Set([...(record.inputItems ?? []), ...outputItemsOf(record)].map((item) => item.id))];
}
