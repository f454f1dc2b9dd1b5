import type { SettingName } from '../config/settings.js';
import { newId } from '../util/ids.js';
import { limitFromBackup, type BackupData, type BackupPayload } from './backupPayload.js';
import {
  backupSettings,
  details,
  learnedDetail,
  learnedId,
  limitId,
  nameChanges,
  namesHere,
  sameJson,
  type ImportChange,
  type ImportPlan,
} from './importPlan.js';

/**
 * Plans a merge: what the data folder lacks is added, everything already here stays as it is.
 *
 * | in the backup | already here when | if here | if not |
 * |---|---|---|---|
 * | provider | same name | keep ours (its keys join it) | add |
 * | account | same id, or same label | keep (its keys join it) | add |
 * | key | same key (fingerprint), whatever its id | keep | add (a new id if its id is taken) |
 * | project | same id, same Google Cloud project of that account, or (another provider's) that account's project for it | reused | add, only if a key needs it |
 * | token | same token (hash) | keep | add (a new id if its id is taken) |
 * | setting | set here at all | keep ours | add; skip one this version refuses |
 * | price | the user priced the model here | keep ours | add |
 * | limit | a rule for that project and model | keep ours | add; skip when its project is nowhere |
 * | learned limit | one learned for that project, model and field | keep ours | add; skip when its project is nowhere |
 *
 * Reads only; nothing is written until the plan is applied.
 */
export function planMerge(
  { store, prices: priceTable }: Omit<BackupData, 'policies'>,
  payload: BackupPayload,
): ImportPlan {
  const changes: ImportChange[] = [];
  const write: ImportPlan['write'] = {
    providers: [],
    accounts: [],
    projects: [],
    keys: [],
    tokens: [],
    settings: [],
    prices: [],
    limits: [],
    learnedLimits: [],
  };
  for (const provider of payload.providers) {
    if (store.providers.get(provider.name)) {
      changes.push({
        action: 'keep',
        kind: 'provider',
        id: provider.name,
        detail: `${provider.name} is already here`,
      });
    } else {
      write.providers.push(provider);
      changes.push({
        action: 'add',
        kind: 'provider',
        id: provider.name,
        detail: details.provider(provider),
      });
    }
  }
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
      (project.gcpProject ? store.projects.findByGcpProject(accountId, project.gcpProject) : undefined) ??
      (project.provider !== 'gemini'
        ? store.projects.findForProvider(accountId, project.provider)
        : undefined);
    projectIds.set(project.id, here?.id ?? project.id);
    if (!here) {
      write.projects.push({ ...project, accountId });
      changes.push({ action: 'add', kind: 'project', id: project.id, detail: details.project(project) });
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

  const hashes = new Set(store.backupTables.tokens('written').map((token) => token.hash));
  for (const token of payload.tokens) {
    if (hashes.has(token.hash)) {
      changes.push({ action: 'keep', kind: 'token', id: token.id, detail: `${token.name} is already here` });
      continue;
    }
    const id = store.tokens.get(token.id) ? newId('tok') : token.id;
    write.tokens.push({ ...token, id });
    changes.push({ action: 'add', kind: 'token', id, detail: details.token(token, payload) });
  }

  const storedSettings = store.settings.stored();
  for (const [name, value, problem] of backupSettings(payload)) {
    if (problem) {
      changes.push({ action: 'skip', kind: 'setting', id: name, detail: problem });
    } else if (storedSettings.has(name)) {
      const here = storedSettings.get(name);
      changes.push({
        action: 'keep',
        kind: 'setting',
        id: name,
        detail: sameJson(here, value)
          ? 'the same here'
          : `kept ${details.setting(here)} (backup: ${details.setting(value)})`,
      });
    } else {
      write.settings.push([name as SettingName, value]);
      changes.push({ action: 'add', kind: 'setting', id: name, detail: details.setting(value) });
    }
  }

  const prices = new Set(priceTable.overrides().map((price) => price.model));
  for (const price of payload.prices) {
    if (prices.has(price.model)) {
      changes.push({ action: 'keep', kind: 'price', id: price.model, detail: 'your price here is kept' });
    } else {
      write.prices.push(price);
      changes.push({ action: 'add', kind: 'price', id: price.model, detail: details.price(price) });
    }
  }

  // A rule or learned limit for one project follows that project to its id here; one whose
  // project is neither here nor restored is moot, and skipped.
  const projectHere = (kind: 'limit' | 'learned-limit', id: string, projectId: string) => {
    const here = projectIds.get(projectId) ?? (store.projects.get(projectId) ? projectId : undefined);
    if (here === undefined) {
      changes.push({ action: 'skip', kind, id, detail: 'its project is neither here nor restored' });
    }
    return here;
  };
  for (const rule of payload.limits) {
    const id = limitId(rule.projectId, rule.model);
    const projectId = rule.projectId === null ? null : projectHere('limit', id, rule.projectId);
    if (projectId === undefined) continue;
    if (store.poolLimits.get(projectId, rule.model)) {
      changes.push({ action: 'keep', kind: 'limit', id, detail: 'your rule here is kept' });
    } else {
      write.limits.push(limitFromBackup(rule, projectId));
      changes.push({ action: 'add', kind: 'limit', id, detail: details.limit(rule) });
    }
  }
  const learnedHere = new Set(store.learnedLimits.list().map(learnedId));
  for (const limit of payload.learnedLimits) {
    const id = learnedId(limit);
    const projectId = projectHere('learned-limit', id, limit.projectId);
    if (projectId === undefined) continue;
    if (learnedHere.has(learnedId({ ...limit, projectId }))) {
      changes.push({ action: 'keep', kind: 'learned-limit', id, detail: 'the one learned here is kept' });
    } else {
      write.learnedLimits.push({ ...limit, projectId });
      changes.push({ action: 'add', kind: 'learned-limit', id, detail: learnedDetail(limit) });
    }
  }
  return { mode: 'merge', changes: nameChanges(namesHere(store), payload, changes), write, dropSecrets: [] };
}
