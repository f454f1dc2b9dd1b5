import type { SettingName } from '../config/settings.js';
import { limitFromBackup, limitToBackup, type BackupData, type BackupPayload } from './backupPayload.js';
import {
  accountLabels,
  backupSettings,
  details,
  learnedDetail,
  learnedId,
  limitId,
  nameChanges,
  sameJson,
  type ImportChange,
  type ImportPlan,
} from './importPlan.js';

/**
 * Plans a replace: providers, accounts, projects, keys, tokens (with their policies), settings, prices and
 * quota-limit rules and learned limits become exactly the backup's; the request log stays. Things are matched by id:
 *
 * | here | in the backup | change |
 * |---|---|---|
 * | no | yes | add |
 * | yes, the same | yes | keep |
 * | yes, different | yes | update |
 * | yes | no | remove (a setting goes back to its default; a key's secret is deleted after the commit) |
 *
 * "The same": a key with the same fingerprint, state and account; a token with the same hash, name,
 * revocation and policy; anything else equal field for field. A setting this version refuses is
 * skipped. Reads only; nothing is written until the plan is applied.
 */
export function planReplace(
  { store, policies: policyBook, prices }: BackupData,
  payload: BackupPayload,
): ImportPlan {
  const changes: ImportChange[] = [];
  // Read once: for the diff, for naming the changes (nameChanges) and for the secrets to drop.
  const accountsHere = store.accounts.list();
  const projectsHere = store.projects.list();
  const keysHere = store.keys.list();
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
  diff(
    'provider',
    store.providers.list().map((provider) => ({ ...provider, id: provider.name })),
    payload.providers.map((provider) => ({ ...provider, id: provider.name })),
    details.provider,
    (a, b) => sameJson({ ...a, createdAt: 0 }, { ...b, createdAt: 0 }),
  );
  const labels = accountLabels(accountsHere, payload);
  diff('account', accountsHere, payload.accounts, (a) => `${a.label} (${a.tier})`, sameJson);
  diff('project', projectsHere, payload.projects, details.project, sameJson);
  diff(
    'key',
    keysHere.map(({ provider: _provider, ...key }) => key),
    payload.keys,
    (k) => `${k.masked} (account ${labels.get(k.accountId) ?? k.accountId}, ${k.state})`,
    (a, b) => a.fingerprint === b.fingerprint && a.state === b.state && a.accountId === b.accountId,
  );
  const policies = policyBook.all();
  const tokensHere = store.backupTables.tokens('written').map((token) => ({
    id: token.id,
    name: token.name,
    hash: token.hash,
    revokedAt: token.revokedAt,
    policy: policies.get(token.id) ?? {},
  }));
  diff(
    'token',
    tokensHere,
    payload.tokens,
    (t) => details.token(t, payload),
    (a, b) =>
      a.hash === b.hash && a.name === b.name && a.revokedAt === b.revokedAt && sameJson(a.policy, b.policy),
  );
  const settings: Array<[SettingName, unknown]> = [];
  const storedSettings = store.settings.stored();
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
      detail:
        action === 'update' ? `${details.setting(here)} → ${details.setting(value)}` : details.setting(value),
    });
  }
  const incomingSettings = new Set(settings.map(([name]) => name as string));
  for (const [name, value] of storedSettings) {
    if (!incomingSettings.has(name)) {
      changes.push({
        action: 'remove',
        kind: 'setting',
        id: name,
        detail: `${details.setting(value)} (back to the default)`,
      });
    }
  }
  const pricesHere = prices.overrides();
  diff(
    'price',
    pricesHere.map((p) => ({ ...p, id: p.model })),
    payload.prices.map((p) => ({ ...p, id: p.model })),
    details.price,
    sameJson,
  );
  diff(
    'limit',
    store.poolLimits
      .list()
      .map((rule) => ({ ...limitToBackup(rule), id: limitId(rule.projectId, rule.model) })),
    payload.limits.map((rule) => ({ ...rule, id: limitId(rule.projectId, rule.model) })),
    details.limit,
    sameJson,
  );
  diff(
    'learned-limit',
    store.learnedLimits.list().map((limit) => ({ ...limit, id: learnedId(limit) })),
    payload.learnedLimits.map((limit) => ({ ...limit, id: learnedId(limit) })),
    learnedDetail,
    sameJson,
  );
  const incomingKeys = new Set(payload.keys.map((key) => key.id));
  return {
    mode: 'replace',
    changes: nameChanges(
      { accounts: accountsHere, projects: projectsHere, keys: keysHere, tokens: store.tokens.list() },
      payload,
      changes,
    ),
    write: {
      providers: payload.providers,
      accounts: payload.accounts,
      projects: payload.projects,
      keys: payload.keys,
      tokens: payload.tokens,
      settings,
      prices: payload.prices,
      limits: payload.limits.map((rule) => limitFromBackup(rule)),
      learnedLimits: payload.learnedLimits,
    },
    dropSecrets: keysHere.map((key) => key.id).filter((id) => !incomingKeys.has(id)),
  };
}
