import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { Account } from '../store/accounts.js';
import type { Project } from '../store/projects.js';
import { isSettingName, parseSetting, type SettingName } from '../config/settings.js';
import { PolicyRepository } from '../policy/policyRepository.js';
import { describePolicy, type ClientPolicy } from '../policy/clientPolicy.js';
import { PriceRepository } from '../usage/priceRepository.js';
import type { ModelPrice } from '../usage/modelPrice.js';
import { newId } from '../util/ids.js';
import {
  BackupError,
  limitFromBackup,
  limitToBackup,
  type BackupKey,
  type BackupLimit,
  type BackupPayload,
  type BackupToken,
} from './backupPayload.js';
import { PoolLimitRepository } from '../store/poolLimits.js';
import type { LimitOverride } from '../pool/limits.js';

/**
 * `merge` adds what the data folder lacks and leaves everything already there as it is (a key is
 * "there" when the same key is, whatever its id; a token when the same token is). `replace`
 * makes accounts, keys, tokens, settings and prices exactly the backup's (the request log stays).
 */
export type ImportMode = 'merge' | 'replace';

export interface ImportChange {
  action: 'add' | 'update' | 'remove' | 'keep' | 'skip';
  kind: 'account' | 'project' | 'key' | 'token' | 'setting' | 'price' | 'limit';
  id: string;
  detail: string;
}

export interface ImportPlan {
  mode: ImportMode;
  changes: ImportChange[];
  /** What applying writes: rows to insert (after deleting everything, on replace). */
  write: {
    accounts: Account[];
    projects: Project[];
    keys: BackupKey[];
    tokens: BackupToken[];
    settings: Array<[SettingName, unknown]>;
    prices: ModelPrice[];
    limits: LimitOverride[];
  };
  /** Secrets of keys that leave the data folder: deleted once the database has committed. */
  dropSecrets: string[];
}

/** Works out every change without writing anything (the dry run shows exactly this). */
export function planImport(store: Store, payload: BackupPayload, mode: ImportMode): ImportPlan {
  const plan = mode === 'replace' ? planReplace(store, payload) : planMerge(store, payload);
  const order = ['account', 'project', 'key', 'token', 'setting', 'price', 'limit'];
  plan.changes.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  return plan;
}

function planMerge(store: Store, payload: BackupPayload): ImportPlan {
  const changes: ImportChange[] = [];
  const write: ImportPlan['write'] = {
    accounts: [],
    projects: [],
    keys: [],
    tokens: [],
    settings: [],
    prices: [],
    limits: [],
  };
  const accountIds = new Map<string, string>();
  const backupAccounts = new Map(payload.accounts.map((account) => [account.id, account]));
  for (const account of payload.accounts) {
    const here = store.accounts.get(account.id) ?? store.accounts.findByLabel(account.label);
    accountIds.set(account.id, here?.id ?? account.id);
    if (!here) write.accounts.push(account);
  }
  const projectIds = new Map<string, string>();
  const backupProjects = new Map(payload.projects.map((project) => [project.id, project]));
  const neededProjects = new Set<string>();
  for (const key of payload.keys) {
    const label = backupAccounts.get(key.accountId)!.label;
    const here = store.keys.findByFingerprint(key.fingerprint);
    if (here) {
      changes.push({ action: 'keep', kind: 'key', id: here.id, detail: `${key.masked} is already here` });
      continue;
    }
    const id = store.keys.get(key.id) ? newId('key') : key.id;
    neededProjects.add(key.projectId);
    write.keys.push({ ...key, id, accountId: accountIds.get(key.accountId)! });
    changes.push({
      action: 'add',
      kind: 'key',
      id,
      detail: `${key.masked} (account ${label}, ${key.state})`,
    });
  }
  for (const projectId of neededProjects) {
    const project = backupProjects.get(projectId)!;
    const accountId = accountIds.get(project.accountId)!;
    const here =
      store.projects.get(project.id) ??
      (project.gcpProject ? store.projects.findByGcpProject(accountId, project.gcpProject) : undefined);
    projectIds.set(project.id, here?.id ?? project.id);
    if (!here) {
      write.projects.push({ ...project, accountId });
      changes.push({ action: 'add', kind: 'project', id: project.id, detail: projectDetail(project) });
    }
  }
  write.keys = write.keys.map((key) => ({ ...key, projectId: projectIds.get(key.projectId)! }));
  for (const account of write.accounts) {
    changes.push({
      action: 'add',
      kind: 'account',
      id: account.id,
      detail: `${account.label} (${account.tier})`,
    });
  }
  for (const account of payload.accounts.filter((a) => !write.accounts.includes(a))) {
    changes.push({
      action: 'keep',
      kind: 'account',
      id: accountIds.get(account.id)!,
      detail: `${account.label} is already here`,
    });
  }

  const hashes = new Set(
    (store.db.prepare('SELECT hash FROM client_tokens').all() as Array<{ hash: string }>).map(
      (row) => row.hash,
    ),
  );
  for (const token of payload.tokens) {
    if (hashes.has(token.hash)) {
      changes.push({ action: 'keep', kind: 'token', id: token.id, detail: `${token.name} is already here` });
      continue;
    }
    const id = store.tokens.get(token.id) ? newId('tok') : token.id;
    write.tokens.push({ ...token, id });
    changes.push({ action: 'add', kind: 'token', id, detail: tokenDetail(token, payload) });
  }

  const storedSettings = storedSettingRows(store);
  for (const [name, value, problem] of backupSettings(payload)) {
    if (problem) {
      changes.push({ action: 'skip', kind: 'setting', id: name, detail: problem });
    } else if (storedSettings.has(name)) {
      const here = storedSettings.get(name);
      changes.push({
        action: 'keep',
        kind: 'setting',
        id: name,
        detail:
          JSON.stringify(here) === JSON.stringify(value)
            ? 'the same here'
            : `kept ${show(here)} (backup: ${show(value)})`,
      });
    } else {
      write.settings.push([name as SettingName, value]);
      changes.push({ action: 'add', kind: 'setting', id: name, detail: show(value) });
    }
  }

  const prices = new Set(new PriceRepository(store.db).overrides().map((price) => price.model));
  for (const price of payload.prices) {
    if (prices.has(price.model)) {
      changes.push({ action: 'keep', kind: 'price', id: price.model, detail: 'your price here is kept' });
    } else {
      write.prices.push(price);
      changes.push({ action: 'add', kind: 'price', id: price.model, detail: priceDetail(price) });
    }
  }

  const limits = new PoolLimitRepository(store.db);
  for (const rule of payload.limits) {
    // A rule for one project follows that project to its id here; one whose project is not here is moot.
    const projectId =
      rule.projectId === null
        ? null
        : (projectIds.get(rule.projectId) ??
          (store.projects.get(rule.projectId) ? rule.projectId : undefined));
    const id = limitId(rule.projectId, rule.model);
    if (projectId === undefined) {
      changes.push({ action: 'skip', kind: 'limit', id, detail: 'its project is neither here nor restored' });
    } else if (limits.get(projectId, rule.model)) {
      changes.push({ action: 'keep', kind: 'limit', id, detail: 'your rule here is kept' });
    } else {
      write.limits.push(limitFromBackup(rule, projectId));
      changes.push({ action: 'add', kind: 'limit', id, detail: limitDetail(rule) });
    }
  }
  return { mode: 'merge', changes, write, dropSecrets: [] };
}

function planReplace(store: Store, payload: BackupPayload): ImportPlan {
  const changes: ImportChange[] = [];
  const diff = <T extends { id: string }>(
    kind: ImportChange['kind'],
    here: T[],
    backup: T[],
    detail: (item: T) => string,
    same: (a: T, b: T) => boolean,
  ) => {
    const local = new Map(here.map((item) => [item.id, item]));
    for (const item of backup) {
      const mine = local.get(item.id);
      changes.push({
        action: !mine ? 'add' : same(mine, item) ? 'keep' : 'update',
        kind,
        id: item.id,
        detail: detail(item),
      });
    }
    const incoming = new Set(backup.map((item) => item.id));
    for (const item of here) {
      if (!incoming.has(item.id)) changes.push({ action: 'remove', kind, id: item.id, detail: detail(item) });
    }
  };
  const labels = new Map([...store.accounts.list(), ...payload.accounts].map((a) => [a.id, a.label]));
  diff('account', store.accounts.list(), payload.accounts, (a) => `${a.label} (${a.tier})`, sameJson);
  diff('project', store.projects.list(), payload.projects, projectDetail, sameJson);
  diff(
    'key',
    store.keys.list(),
    payload.keys,
    (k) => `${k.masked} (account ${labels.get(k.accountId) ?? k.accountId}, ${k.state})`,
    (a, b) => a.fingerprint === b.fingerprint && a.state === b.state && a.accountId === b.accountId,
  );
  const policies = new PolicyRepository(store.db).all();
  const tokensHere = (
    store.db.prepare('SELECT id, name, hash, revoked_at FROM client_tokens').all() as Array<{
      id: string;
      name: string;
      hash: string;
      revoked_at: number | null;
    }>
  ).map((row) => ({
    id: row.id,
    name: row.name,
    hash: row.hash,
    revokedAt: row.revoked_at,
    policy: policies.get(row.id) ?? {},
  }));
  diff(
    'token',
    tokensHere,
    payload.tokens,
    (t) => tokenDetail(t, payload),
    (a, b) =>
      a.hash === b.hash && a.name === b.name && a.revokedAt === b.revokedAt && sameJson(a.policy, b.policy),
  );
  const settings: Array<[SettingName, unknown]> = [];
  const storedSettings = storedSettingRows(store);
  for (const [name, value, problem] of backupSettings(payload)) {
    if (problem) {
      changes.push({ action: 'skip', kind: 'setting', id: name, detail: problem });
      continue;
    }
    settings.push([name as SettingName, value]);
    const here = storedSettings.get(name);
    const action = !storedSettings.has(name) ? 'add' : sameJson(here, value) ? 'keep' : 'update';
    changes.push({
      action,
      kind: 'setting',
      id: name,
      detail: action === 'update' ? `${show(here)} → ${show(value)}` : show(value),
    });
  }
  const incomingSettings = new Set(settings.map(([name]) => name as string));
  for (const [name, value] of storedSettings) {
    if (!incomingSettings.has(name)) {
      changes.push({
        action: 'remove',
        kind: 'setting',
        id: name,
        detail: `${show(value)} (back to the default)`,
      });
    }
  }
  const pricesHere = new PriceRepository(store.db).overrides();
  diff(
    'price',
    pricesHere.map((p) => ({ ...p, id: p.model })),
    payload.prices.map((p) => ({ ...p, id: p.model })),
    priceDetail,
    sameJson,
  );
  diff(
    'limit',
    new PoolLimitRepository(store.db)
      .list()
      .map((rule) => ({ ...limitToBackup(rule), id: limitId(rule.projectId, rule.model) })),
    payload.limits.map((rule) => ({ ...rule, id: limitId(rule.projectId, rule.model) })),
    limitDetail,
    sameJson,
  );
  const incomingKeys = new Set(payload.keys.map((key) => key.id));
  return {
    mode: 'replace',
    changes,
    write: {
      accounts: payload.accounts,
      projects: payload.projects,
      keys: payload.keys,
      tokens: payload.tokens,
      settings,
      prices: payload.prices,
      limits: payload.limits.map((rule) => limitFromBackup(rule)),
    },
    dropSecrets: store.keys
      .list()
      .map((key) => key.id)
      .filter((id) => !incomingKeys.has(id)),
  };
}

/**
 * Applies a plan. Secrets go first (each one's previous value remembered), then the database in
 * one transaction; if anything fails, the secrets written are put back as they were, so a failed
 * import changes nothing. Secrets of keys that left are deleted only after the commit.
 */
export async function applyImport(
  store: Store,
  secrets: SecretStore,
  plan: ImportPlan,
): Promise<{ warnings: string[] }> {
  const previous = new Map<string, string | null>();
  const warnings: string[] = [];
  try {
    for (const key of plan.write.keys) {
      const before = await secrets.get(key.id);
      previous.set(key.id, before);
      if (before !== key.secret) await secrets.set(key.id, key.secret);
    }
    store.db.transaction(() => writeRows(store, plan))();
  } catch (error) {
    for (const [id, before] of previous) {
      try {
        if (before === null) await secrets.delete(id);
        else await secrets.set(id, before);
      } catch {
        warnings.push(`could not restore the secret of ${id}`);
      }
    }
    if (warnings.length)
      throw new BackupError(`The import failed and ${warnings.join(', ')}: ${(error as Error).message}`);
    throw error;
  }
  for (const id of plan.dropSecrets) {
    try {
      await secrets.delete(id);
    } catch {
      warnings.push(`the secret of removed key ${id} could not be deleted from the secret store`);
    }
  }
  return { warnings };
}

function writeRows(store: Store, plan: ImportPlan): void {
  const db = store.db;
  if (plan.mode === 'replace') {
    // Children first; client_policies follow their tokens by ON DELETE CASCADE.
    for (const table of [
      'pool_limits',
      'keys',
      'projects',
      'accounts',
      'client_tokens',
      'settings',
      'model_prices',
    ]) {
      db.prepare(`DELETE FROM ${table}`).run();
    }
  }
  const account = db.prepare(
    'INSERT INTO accounts (id, label, tier, state, created_at) VALUES (@id, @label, @tier, @state, @createdAt)',
  );
  for (const row of plan.write.accounts) account.run(row);
  const project = db.prepare(
    'INSERT INTO projects (id, account_id, label, gcp_project, created_at) VALUES (@id, @accountId, @label, @gcpProject, @createdAt)',
  );
  for (const row of plan.write.projects) project.run(row);
  const key = db.prepare(
    `INSERT INTO keys (id, account_id, project_id, masked, fingerprint, state, state_reason, state_since, last_checked_at, created_at)
     VALUES (@id, @accountId, @projectId, @masked, @fingerprint, @state, @stateReason, @stateSince, @lastCheckedAt, @createdAt)`,
  );
  for (const { secret: _secret, ...row } of plan.write.keys) key.run(row);
  const token = db.prepare(
    `INSERT INTO client_tokens (id, name, hash, prefix, created_at, last_used_at, revoked_at)
     VALUES (@id, @name, @hash, @prefix, @createdAt, @lastUsedAt, @revokedAt)`,
  );
  const policies = new PolicyRepository(db);
  for (const { policy, ...row } of plan.write.tokens) {
    token.run(row);
    policies.set(row.id, policy as ClientPolicy);
  }
  for (const [name, value] of plan.write.settings) store.settings.set(name, value);
  const prices = new PriceRepository(db);
  for (const price of plan.write.prices) prices.set(price);
  const limits = new PoolLimitRepository(db);
  for (const rule of plan.write.limits) limits.put(rule);
}

function limitId(projectId: string | null, model: string): string {
  return `${model} @ ${projectId ?? 'every project'}`;
}

function limitDetail(rule: BackupLimit): string {
  const show = (name: string, value: number | 'unlimited' | null) =>
    value === null ? [] : [`${name} ${value}`];
  return (
    [...show('rpm', rule.rpm), ...show('tpm', rule.tpm), ...show('rpd', rule.rpd)].join(', ') || 'no limits'
  );
}

/** The backup's settings, each parsed by this version's rules: [name, value, why it is skipped]. */
function backupSettings(payload: BackupPayload): Array<[string, unknown, string | undefined]> {
  return Object.entries(payload.settings).map(([name, raw]) => {
    if (!isSettingName(name)) return [name, raw, 'unknown to this version of gemgate'];
    try {
      return [name, parseSetting(name, raw), undefined];
    } catch (error) {
      return [name, raw, (error as Error).message];
    }
  });
}

function storedSettingRows(store: Store): Map<string, unknown> {
  return new Map(
    (store.db.prepare('SELECT key, value FROM settings').all() as Array<{ key: string; value: string }>).map(
      (row) => [row.key, JSON.parse(row.value) as unknown],
    ),
  );
}

function projectDetail(project: { label: string; gcpProject: string | null }): string {
  return project.gcpProject
    ? `Google Cloud project ${project.gcpProject}`
    : `own project of ${project.label}`;
}

function tokenDetail(
  token: { name: string; revokedAt: number | null; policy: ClientPolicy },
  payload: BackupPayload,
): string {
  const labels = new Map(payload.accounts.map((account) => [account.id, account.label]));
  return `${token.name}${token.revokedAt ? ' (revoked)' : ''}; policy: ${describePolicy(token.policy, (id) => labels.get(id) ?? id)}`;
}

function priceDetail(price: ModelPrice): string {
  return `input $${price.input}, output $${price.output} per 1M tokens`;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
