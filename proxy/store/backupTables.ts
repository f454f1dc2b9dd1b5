import type { Db } from './database.js';
import type { Account } from './accounts.js';
import type { Project } from './projects.js';
import type { KeyRecord } from './keys.js';
import { toToken, type ClientToken, type TokenRow } from './clientTokens.js';
import type { ProviderRecord } from './providers.js';

/** A client token with the hash it is verified by: what a backup carries (the token itself is never stored). */
export interface HashedClientToken extends ClientToken {
  hash: string;
}

/** Rows to write back as a backup holds them: ids, times and token hashes included. */
export interface RestoredRows {
  providers: readonly ProviderRecord[];
  accounts: readonly Account[];
  projects: readonly Project[];
  /** A key's provider is its project's: not a column of its own. */
  keys: ReadonlyArray<Omit<KeyRecord, 'provider'>>;
  tokens: readonly HashedClientToken[];
}

/**
 * What a backup reads and writes beyond the everyday repositories: whole token rows with their
 * hashes, rows written back verbatim (the everyday repositories mint ids and times), and emptying
 * the tables an import in `replace` mode starts from. The caller runs the writes in one transaction.
 */
export class BackupTables {
  constructor(private readonly db: Db) {}

  /** Every client token with its hash, revoked ones too: in creation order, or in the order written here. */
  tokens(order: 'created' | 'written'): HashedClientToken[] {
    const rows = this.db
      .prepare(`SELECT * FROM client_tokens ORDER BY ${order === 'created' ? 'created_at, rowid' : 'rowid'}`)
      .all() as TokenRow[];
    return rows.map((row) => ({ ...toToken(row), hash: row.hash }));
  }

  /**
   * Empties everything a backup replaces: providers, accounts with their projects and keys, tokens (their
   * policies follow by ON DELETE CASCADE), settings, prices, quota-limit rules and learned limits. The
   * request log and the pool's cooldowns and counters stay.
   */
  clear(): void {
    // Children first, so no foreign key is left dangling on the way.
    for (const table of [
      'pool_learned_limits',
      'pool_limits',
      'keys',
      'projects',
      'accounts',
      'providers',
      'client_tokens',
      'settings',
      'model_prices',
    ]) {
      this.db.prepare(`DELETE FROM ${table}`).run();
    }
  }

  /** Inserts the rows, parents before children, each statement prepared once for all its rows. */
  insert(rows: RestoredRows): void {
    const provider = this.db.prepare(
      `INSERT INTO providers (name, kind, base_url, models, models_source, continuation, preset, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const row of rows.providers) {
      provider.run(
        row.name,
        row.kind,
        row.baseUrl,
        JSON.stringify(row.models),
        row.modelsSource,
        row.continuation,
        row.preset,
        row.createdAt,
      );
    }
    const account = this.db.prepare(
      'INSERT INTO accounts (id, label, tier, state, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    for (const row of rows.accounts) account.run(row.id, row.label, row.tier, row.state, row.createdAt);
    const project = this.db.prepare(
      'INSERT INTO projects (id, account_id, label, gcp_project, created_at, provider) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const row of rows.projects)
      project.run(row.id, row.accountId, row.label, row.gcpProject, row.createdAt, row.provider);
    const key = this.db.prepare(
      `INSERT INTO keys (id, account_id, project_id, masked, fingerprint, state, state_reason, state_since, last_checked_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const row of rows.keys) {
      key.run(
        row.id,
        row.accountId,
        row.projectId,
        row.masked,
        row.fingerprint,
        row.state,
        row.stateReason,
        row.stateSince,
        row.lastCheckedAt,
        row.createdAt,
      );
    }
    const token = this.db.prepare(
      `INSERT INTO client_tokens (id, name, hash, prefix, created_at, last_used_at, revoked_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const row of rows.tokens)
      token.run(row.id, row.name, row.hash, row.prefix, row.createdAt, row.lastUsedAt, row.revokedAt);
  }
}
