import type { Db } from '../store/database.js';
import { ClientPolicyRowRepository } from '../store/clientPolicies.js';
import { isEmptyPolicy, parseClientPolicy, type ClientPolicy } from './clientPolicy.js';

/** Client policies by token id, as validated JSON; a token without a row has no limits. */
export class PolicyRepository {
  private readonly rows: ClientPolicyRowRepository;

  constructor(db: Db) {
    this.rows = new ClientPolicyRowRepository(db);
  }

  get(tokenId: string): ClientPolicy {
    const json = this.rows.get(tokenId);
    return json === undefined ? {} : parseStored(json);
  }

  all(): Map<string, ClientPolicy> {
    return new Map(this.rows.all().map((row) => [row.tokenId, parseStored(row.policy)]));
  }

  /** Replaces the token's policy; an empty policy removes the row. */
  set(tokenId: string, policy: ClientPolicy, now = Date.now()): ClientPolicy {
    const valid = parseClientPolicy(policy);
    if (isEmptyPolicy(valid)) {
      this.rows.remove(tokenId);
      return {};
    }
    this.rows.put(tokenId, JSON.stringify(valid), now);
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
