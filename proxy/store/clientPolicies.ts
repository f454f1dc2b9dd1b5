import type { Db } from './database.js';

/**
 * Client policies by token id, as the JSON text they are stored in (`client_policies`). What a
 * policy may say, and how it is read, lives in proxy/policy; a row goes with its token (ON DELETE
 * CASCADE).
 */
export class ClientPolicyRowRepository {
  // Read for every request the gateway has not kept the policy for (proxy/policy/clientPolicies.ts
  // keeps the parsed policy until the database changes): prepared once.
  private readonly byToken;

  constructor(private readonly db: Db) {
    this.byToken = db.prepare('SELECT policy FROM client_policies WHERE token_id = ?');
  }

  /** The token's policy JSON; undefined when it has none. */
  get(tokenId: string): string | undefined {
    return (this.byToken.get(tokenId) as { policy: string } | undefined)?.policy;
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
