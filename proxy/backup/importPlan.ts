import type { Store } from '../store/openStore.js';
import type { Account } from '../store/accounts.js';
import type { Project } from '../store/projects.js';
import { isSettingName, parseSetting, SETTINGS, type SettingName } from '../config/settings.js';
import { describePolicy, type ClientPolicy } from '../policy/clientPolicy.js';
import type { ModelPrice } from '../usage/modelPrice.js';
import type { LearnedLimit, LimitOverride } from '../pool/limits.js';
import type { BackupKey, BackupLimit, BackupPayload, BackupProvider, BackupToken } from './backupPayload.js';

/**
 * `merge` adds what the data folder lacks and leaves everything already there as it is (a key is
 * "there" when the same key is, whatever its id; a token when the same token is). `replace`
 * makes accounts, keys, tokens, settings and prices exactly the backup's (the request log stays).
 */
export type ImportMode = 'merge' | 'replace';

export interface ImportChange {
  action: 'add' | 'update' | 'remove' | 'keep' | 'skip';
  kind:
    'provider' | 'account' | 'project' | 'key' | 'token' | 'setting' | 'price' | 'limit' | 'learned-limit';
  id: string;
  /** What a person calls it: an account's label, a key's masked form, a token's name, … (never an internal id). */
  name?: string;
  detail: string;
}

export interface ImportPlan {
  mode: ImportMode;
  changes: ImportChange[];
  /** What applying writes: rows to insert (after deleting everything, on replace). */
  write: {
    providers: BackupProvider[];
    accounts: Account[];
    projects: Project[];
    keys: BackupKey[];
    tokens: BackupToken[];
    settings: Array<[SettingName, unknown]>;
    prices: ModelPrice[];
    limits: LimitOverride[];
    learnedLimits: LearnedLimit[];
  };
  /** Secrets of keys that leave the data folder: deleted once the database has committed. */
  dropSecrets: string[];
}

/** How a quota-limit rule is named in the changes: it has no id of its own. */
export function limitId(projectId: string | null, model: string): string {
  return `${model} @ ${projectId ?? 'every project'}`;
}

function limitDetail(rule: BackupLimit): string {
  const show = (name: string, value: number | 'unlimited' | null) =>
    value === null ? [] : [`${name} ${value}`];
  return (
    [...show('rpm', rule.rpm), ...show('tpm', rule.tpm), ...show('rpd', rule.rpd)].join(', ') || 'no limits'
  );
}

/** How a learned limit is named in the changes: its field, model and project. */
export function learnedId(limit: Pick<LearnedLimit, 'field' | 'model' | 'projectId'>): string {
  return `${limit.field} of ${limit.model} @ ${limit.projectId}`;
}

export function learnedDetail(limit: LearnedLimit): string {
  return `${limit.value}, learned from Google ${new Date(limit.learnedAt).toISOString().slice(0, 10)}${limit.tier ? ` (${limit.tier})` : ''}`;
}

/** The backup's settings, each parsed by this version's rules: [name, value, why it is skipped]. */
export function backupSettings(payload: BackupPayload): Array<[string, unknown, string | undefined]> {
  return Object.entries(payload.settings).map(([name, raw]) => {
    if (!isSettingName(name)) return [name, raw, 'unknown to this version of gemgate'];
    try {
      return [name, parseSetting(name, raw), undefined];
    } catch (error) {
      return [name, raw, (error as Error).message];
    }
  });
}

function projectDetail(project: { label: string; gcpProject: string | null; provider?: string }): string {
  if (project.provider && project.provider !== 'gemini')
    return `the quota of its account at ${project.provider}`;
  return project.gcpProject
    ? `Google Cloud project ${project.gcpProject}`
    : `own project of ${project.label}`;
}

/** A token's name, whether it is revoked, and its policy, with accounts named as in the backup. */
function tokenDetail(
  token: { name: string; revokedAt: number | null; policy: ClientPolicy },
  payload: BackupPayload,
): string {
  const labels = new Map(payload.accounts.map((account) => [account.id, account.label]));
  return `${token.name}${token.revokedAt ? ' (revoked)' : ''}; policy: ${describePolicy(token.policy, (id) => labels.get(id) ?? id)}`;
}

function providerDetail(provider: Pick<BackupProvider, 'baseUrl' | 'models'>): string {
  return `${provider.baseUrl}, ${provider.models.length} model${provider.models.length === 1 ? '' : 's'}`;
}

function priceDetail(price: ModelPrice): string {
  return `input $${price.input}, output $${price.output} per 1M tokens`;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A setting's value as the changes show it: strings bare, anything else as JSON. */
function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** How each kind of change is described to the user, in the plan's list (the dry run shows it). */
export const details = {
  provider: providerDetail,
  project: projectDetail,
  token: tokenDetail,
  setting: show,
  price: priceDetail,
  limit: limitDetail,
};

/** Each account's label by id, here and in the backup; the backup's wins where both have one. */
export function accountLabels(
  here: ReadonlyArray<{ id: string; label: string }>,
  payload: BackupPayload,
): Map<string, string> {
  return new Map([...here, ...payload.accounts].map((account) => [account.id, account.label]));
}

/**
 * The changes with a name a person knows each thing by, from what is here and what the backup
 * holds; ids (`acc_…`, `prj_…`) stay in `id` for matching, and are never the name.
 *
 * | kind     | name                                                       |
 * | -------- | ---------------------------------------------------------- |
 * | account  | its label                                                  |
 * | key      | its masked form                                            |
 * | token    | its name                                                   |
 * | project  | Google Cloud project id, "own project of AIza…abcd", or "qwen quota of account aliyun" |
 * | limit    | "gemini-2.5-pro in <its project's name>" (or "in every project") |
 * | provider, setting, price | its name (a setting's label where it has one) |
 */
export function nameChanges(
  here: {
    accounts: Array<{ id: string; label: string }>;
    projects: NamedProject[];
    keys: Array<{ id: string; masked: string }>;
    tokens: Array<{ id: string; name: string }>;
  },
  payload: BackupPayload,
  changes: readonly ImportChange[],
): ImportChange[] {
  const accounts = accountLabels(here.accounts, payload);
  const keys = new Map([...here.keys, ...payload.keys].map((key) => [key.id, key.masked]));
  const tokens = new Map([...here.tokens, ...payload.tokens].map((token) => [token.id, token.name]));
  const projects = new Map(
    [...here.projects, ...payload.projects].map((project) => [project.id, projectName(project, accounts)]),
  );
  const name = (change: ImportChange): string => {
    switch (change.kind) {
      case 'account':
        return accounts.get(change.id) ?? 'an account';
      case 'key':
        return keys.get(change.id) ?? 'a key';
      case 'token':
        return tokens.get(change.id) ?? 'a token';
      case 'project':
        return projects.get(change.id) ?? 'a project';
      case 'limit': {
        const [model, projectId] = change.id.split(' @ ');
        const where =
          projectId === 'every project' ? 'every project' : (projects.get(projectId ?? '') ?? 'a project');
        return `${model} in ${where}`;
      }
      case 'learned-limit': {
        // `rpd of gemini-2.5-flash @ prj_…` (learnedId): the field and model, then the project by name.
        const [what, projectId] = change.id.split(' @ ');
        return `${what} in ${projects.get(projectId ?? '') ?? 'a project'}`;
      }
      case 'setting':
        return isSettingName(change.id)
          ? ((SETTINGS[change.id] as { label?: string }).label ?? change.id)
          : change.id;
      case 'provider':
      case 'price':
        return change.id;
    }
  };
  return changes.map((change) => ({ ...change, name: name(change) }));
}

type NamedProject = {
  id: string;
  accountId: string;
  label: string;
  gcpProject: string | null;
  provider?: string;
};

function projectName(project: NamedProject, accounts: ReadonlyMap<string, string>): string {
  if (project.provider && project.provider !== 'gemini')
    return `${project.provider} quota of account ${accounts.get(project.accountId) ?? 'unknown'}`;
  return project.gcpProject ?? `own project of ${project.label}`;
}

/** What the data folder holds, for naming the changes. */
export function namesHere(store: Store): Parameters<typeof nameChanges>[0] {
  return {
    accounts: store.accounts.list(),
    projects: store.projects.list(),
    keys: store.keys.list(),
    tokens: store.tokens.list(),
  };
}
