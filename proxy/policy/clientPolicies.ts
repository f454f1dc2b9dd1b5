import type { Store } from '../store/openStore.js';
import { FreshReads } from '../store/freshReads.js';
import { describePolicy, isEmptyPolicy, parseClientPolicy, type ClientPolicy } from './clientPolicy.js';

/**
 * Client policies by token id: read (on every request, so a change applies to the next one),
 * validated and stored, and described in words with the accounts named. A token without a row has
 * no limits. Built once (proxy/app/services.ts) for the gateway, its dashboard and the CLI.
 */
export class ClientPolicies {
  // A request asks for its token's policy more than once: the policy is parsed and validated once,
  // then kept until the database changes (FreshReads), so that a change made anywhere (the
  // dashboard, the CLI) still applies to the next request. `null` is kept for a token without one.
  private readonly read;

  constructor(private readonly store: Pick<Store, 'db' | 'policyRows' | 'accounts'>) {
    this.read = new FreshReads<ClientPolicy | null>(store.db);
  }

  /** The token's policy; what is kept is shared by every request until the database changes, so it is frozen. */
  get(tokenId: string): ClientPolicy {
    const policy = this.read.get(tokenId, (id) => {
      const json = this.store.policyRows.get(id);
      return json === undefined ? null : frozen(parseStored(json));
    });
    return policy ?? {};
  }

  all(): Map<string, ClientPolicy> {
    return new Map(this.store.policyRows.all().map((row) => [row.tokenId, parseStored(row.policy)]));
  }

  /** Validates and replaces the token's policy (an empty policy removes the row); returns it as stored. */
  set(tokenId: string, policy: unknown, now = Date.now()): ClientPolicy {
    const valid = parseClientPolicy(policy);
    if (isEmptyPolicy(valid)) {
      this.store.policyRows.remove(tokenId);
      return {};
    }
    this.store.policyRows.put(tokenId, JSON.stringify(valid), now);
    return valid;
  }

  /** One line a person can read, with accounts by their labels. */
  describe(policy: ClientPolicy): string {
    return describePolicy(policy, (id) => this.store.accounts.get(id)?.label ?? id);
  }
}

/** The policy and its lists, frozen, so that no request can change what the others read. */
function frozen(policy: ClientPolicy): ClientPolicy {
  for (const value of Object.values(policy)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(policy);
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
