import type { Account } from '../store/accounts.js';
import type { Project } from '../store/projects.js';
import { isSettingName, parseSetting, type SettingName } from '../config/settings.js';
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

export function limitDetail(rule: BackupLimit): string {
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

export function projectDetail(project: {
  label: string;
  gcpProject: string | null;
  provider?: string;
}): string {
  if (project.provider && project.provider !== 'gemini')
    return `the quota of its account at ${project.provider}`;
  return project.gcpProject
    ? `Google Cloud project ${project.gcpProject}`
    : `own project of ${project.label}`;
}

/** A token's name, whether it is revoked, and its policy, with accounts named as in the backup. */
export function tokenDetail(
  token: { name: string; revokedAt: number | null; policy: ClientPolicy },
  payload: BackupPayload,
): string {
  const labels = new Map(payload.accounts.map((account) => [account.id, account.label]));
  return `${token.name}${token.revokedAt ? ' (revoked)' : ''}; policy: ${describePolicy(token.policy, (id) => labels.get(id) ?? id)}`;
}

export function providerDetail(provider: Pick<BackupProvider, 'baseUrl' | 'models'>): string {
  return `${provider.baseUrl}, ${provider.models.length} model${provider.models.length === 1 ? '' : 's'}`;
}

export function priceDetail(price: ModelPrice): string {
  return `input $${price.input}, output $${price.output} per 1M tokens`;
}

export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A setting's value as the changes show it: strings bare, anything else as JSON. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
