import type { Db } from './database.js';
import { newId } from '../util/ids.js';
import type { Tier } from '../pool/tier.js';

export interface Account {
  id: string;
  label: string;
  tier: Tier;
  state: 'active' | 'disabled';
  createdAt: number;
}

interface AccountRow {
  id: string;
  label: string;
  tier: Tier;
  state: 'active' | 'disabled';
  created_at: number;
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  label: row.label,
  tier: row.tier,
  state: row.state,
  createdAt: row.created_at,
});

export class AccountRepository {
  constructor(private readonly db: Db) {}

  list(): Account[] {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY created_at, label').all() as AccountRow[]).map(
      toAccount,
    );
  }

  findByLabel(label: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE label = ?').get(label) as
      AccountRow | undefined;
    return row && toAccount(row);
  }

  get(id: string): Account | undefined {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
    return row && toAccount(row);
  }

  create(label: string, tier: Tier, now = Date.now()): Account {
    const account: Account = { id: newId('acc'), label, tier, state: 'active', createdAt: now };
    this.db
      .prepare('INSERT INTO accounts (id, label, tier, state, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(account.id, label, tier, account.state, now);
    return account;
  }

  setTier(id: string, tier: Tier): void {
    this.db.prepare('UPDATE accounts SET tier = ? WHERE id = ?').run(tier, id);
  }

  setState(id: string, state: Account['state']): void {
    this.db.prepare('UPDATE accounts SET state = ? WHERE id = ?').run(state, id);
  }
}
