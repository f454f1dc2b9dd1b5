import type { Db } from '../store/database.js';
import { isEmptyPolicy, parseClientPolicy, type ClientPolicy } from './clientPolicy.js';

/** Client policies by token id, as validated JSON; a token without a row has no limits. */
export class PolicyRepository {
  // Read on every request (so a change applies to the next one): prepared once.
  private readonly byToken;

  constructor(private readonly db: Db) {
    this.byToken = db.prepare('SELECT policy FROM client_policies WHERE token_id = ?');
  }

  get(tokenId: string): ClientPolicy {
    const row = this.byToken.get(tokenId) as { policy: string } | undefined;
    return row ? parseStored(row.policy) : {};
  }

  all(): Map<string, ClientPolicy> {
    const rows = this.db.prepare('SELECT token_id, policy FROM client_policies').all() as Array<{
      token_id: string;
      policy: string;
    }>;
    return new Map(rows.map((row) => [row.token_id, parseStored(row.policy)]));
  }

  /** Replaces the token's policy; an empty policy removes the row. */
  set(tokenId: string, policy: ClientPolicy, now = Date.now()): ClientPolicy {
    const valid = parseClientPolicy(policy);
    if (isEmptyPolicy(valid)) {
      this.db.prepare('DELETE FROM client_policies WHERE token_id = ?').run(tokenId);
      return {};
    }
    this.db
      .prepare(
        `INSERT INTO client_policies (token_id, policy, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(token_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
      )
      .run(tokenId, JSON.stringify(valid), now);
    return valid;
  }
}

/** A stored policy a newer version wrote, or one that no longer validates, counts as the strictest we can read. */
function parseStored(json: string): ClientPolicy {
  try {
    return parseClientPolicy(JSON.parse(json));
  } catch {
    // Fail closed: a token whose policy cannot be read may call nothing until it is set again.
    return { allowModels: ['__unreadable_policy__'] };
  }
}
