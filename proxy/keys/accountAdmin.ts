import type { Store } from '../store/openStore.js';
import type { Account } from '../store/accounts.js';
import { TIERS, type Tier } from '../pool/tier.js';
import { InputError } from '../failures/inputError.js';

export interface AccountSummary extends Account {
  keys: number;
  activeKeys: number;
  projects: number;
}

/** Accounts as the user manages them: by label, with their tier (primary or backup) and state. */
export class AccountAdmin {
  private readonly accounts: Store['accounts'];
  private readonly keys: Store['keys'];

  constructor(store: Pick<Store, 'accounts' | 'keys'>) {
    this.accounts = store.accounts;
    this.keys = store.keys;
  }

  list(): AccountSummary[] {
    const keys = this.keys.list();
    return this.accounts.list().map((account) => {
      const own = keys.filter((key) => key.accountId === account.id);
      return {
        ...account,
        keys: own.length,
        activeKeys: own.filter((key) => key.state === 'active').length,
        projects: new Set(own.map((key) => key.projectId)).size,
      };
    });
  }

  /**
   * Changes an account's tier and/or state. Everything is checked before anything is written, so
   * a bad value changes nothing.
   */
  update(label: string, changes: { tier?: string; state?: string }): Account {
    const account = this.require(label);
    if (changes.tier === undefined && changes.state === undefined) {
      throw new InputError('Nothing to change: give --tier primary|backup and/or --state active|disabled.');
    }
    if (changes.tier !== undefined && !TIERS.includes(changes.tier as Tier)) {
      throw new InputError(`Unknown tier "${changes.tier}": use primary or backup. Nothing was changed.`);
    }
    if (changes.state !== undefined && changes.state !== 'active' && changes.state !== 'disabled') {
      throw new InputError(`Unknown state "${changes.state}": use active or disabled. Nothing was changed.`);
    }
    if (changes.tier !== undefined) this.accounts.setTier(account.id, changes.tier as Tier);
    if (changes.state !== undefined) this.accounts.setState(account.id, changes.state as Account['state']);
    return this.accounts.get(account.id)!;
  }

  private require(label: string): Account {
    const account = this.accounts.findByLabel(label);
    if (!account) {
      const known = this.accounts.list().map((candidate) => candidate.label);
      throw new InputError(
        `No account "${label}". ${known.length ? `Accounts: ${known.join(', ')}.` : 'There are no accounts yet.'} Nothing was changed.`,
      );
    }
    return account;
  }
}
