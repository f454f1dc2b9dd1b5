import type { Db } from '../store/database.js';
import { ChangeWatch } from '../store/changeWatch.js';
import { isEmptyPolicy, parseClientPolicy, type ClientPolicy } from './clientPolicy.js';

/**
 * Client policies by token id, as validated JSON; a token without a row has no limits.
 *
 * Read on every request, so what was read is remembered: a change through this repository applies
 * to the next request, any other change to the database (the CLI in another process, a backup
 * import) within a second (ChangeWatch). A database read per request cost two file-lock system
 * calls (see docs/BENCHMARKS.md).
 */
export class PolicyRepository {
  private readonly byToken;
  private readonly changes;
  private readonly read = new Map<string, ClientPolicy>();

  constructor(private readonly db: Db) {
    this.byToken = db.prepare('SELECT policy FROM client_policies WHERE token_id = ?');
    this.changes = new ChangeWatch(db);
  }

  get(tokenId: string, now = Date.now()): ClientPolicy {
    if (this.changes.changed(now)) this.read.clear();
    const known = this.read.get(tokenId);
    if (known) return known;
    const row = this.byToken.get(tokenId) as { policy: string } | undefined;
    const policy = row ? parseStored(row.policy) : {};
    this.read.set(tokenId, policy);
    return policy;
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
    this.read.clear();
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
