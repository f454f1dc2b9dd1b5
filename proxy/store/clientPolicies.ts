import type { Db } from './database.js';
import { FreshReads } from './freshReads.js';

/**
 * Client policies by token id, as the JSON text they are stored in (`client_policies`). What a
 * policy may say, and how it is read, lives in proxy/policy; a row goes with its token (ON DELETE
 * CASCADE).
 */
export class ClientPolicyRowRepository {
  // Read on every request: prepared once, and kept until the database changes (FreshReads), so that
  // a change made anywhere (the dashboard, the CLI) still applies to the next request.
  private readonly byToken;
  private readonly read;

  constructor(private readonly db: Db) {
    this.byToken = db.prepare('SELECT policy FROM client_policies WHERE token_id = ?');
    this.read = new FreshReads<string | null>(db);
  }

  /** The token's policy JSON; undefined when it has none. */
  get(tokenId: string): string | undefined {
    const policy = this.read.get(
      tokenId,
      (id) => (this.byToken.get(id) as { policy: string } | undefined)?.policy ?? null,
    );
    return policy ?? undefined;
  }

  /** Every stored policy: token id and JSON. */
  all(): Array<{ tokenId: string; policy: string }> {
    const rows = this.db.prepare('SELECT token_id, policy FROM client_policies').all() as Array<{
      token_id: string;
      policy: string;
    }>;
    return rows.map((row) => ({ tokenId: row.token_id, policy: row.policy }));
  }

  /** Creates or replaces the token's policy JSON. */
  put(tokenId: string, policy: string, now = Date.now()): void {
    this.db
      .prepare(
        `INSERT INTO client_policies (token_id, policy, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(token_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
      )
      .run(tokenId, policy, now);
  }

  remove(tokenId: string): void {
    this.db.prepare('DELETE FROM client_policies WHERE token_id = ?').run(tokenId);
  }
}
