import { z } from 'zod';
import type { Store } from '../store/openStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import {
  fingerprintApiKey,
  isWellFormedApiKey,
  isWellFormedProviderKey,
  maskApiKey,
} from '../util/apiKey.js';
import { CONTINUATION_STYLES } from '../config/providerPresets.js';
import { clientPolicySchema, type ClientPolicy } from '../policy/clientPolicy.js';
import type { ClientPolicies } from '../policy/clientPolicies.js';
import { modelPriceSchema, type ModelPrice } from '../usage/modelPrice.js';
import { LIMIT_FIELDS, type LimitOverride } from '../pool/limits.js';
import type { PriceTable } from '../usage/priceTable.js';
import { InputError } from '../failures/inputError.js';

/**
 * Version of the payload's shape; a newer gemgate reads older ones, an older one refuses newer.
 * 2: other providers, and the provider of each project.
 * 3: the limits learned from Google's 429s.
 */
export const BACKUP_PAYLOAD_VERSION = 3;

const id = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[a-z0-9]{4,40}$`), `a ${prefix}_ id`);
const time = z.number().int().min(0);

const accountSchema = z
  .object({
    id: id('acc'),
    label: z.string().min(1).max(200),
    tier: z.enum(['primary', 'backup']),
    state: z.enum(['active', 'disabled']),
    createdAt: time,
  })
  .strict();

const projectSchema = z
  .object({
    id: id('prj'),
    accountId: id('acc'),
    label: z.string().min(1).max(200),
    gcpProject: z.string().min(1).max(100).nullable(),
    createdAt: time,
    /** Absent in backups older than providers: every project was Gemini's. */
    provider: z.string().min(1).max(40).default('gemini'),
  })
  .strict();

const providerSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/),
    kind: z.literal('openai-compatible'),
    baseUrl: z.url({ protocol: /^https?$/ }),
    models: z.array(z.string().min(1).max(200)).max(5000),
    modelsSource: z.enum(['manual', 'fetched', 'pending']),
    continuation: z.enum(CONTINUATION_STYLES as ['partial', 'prefix', 'prompt']),
    preset: z.string().max(40).nullable(),
    createdAt: time,
  })
  .strict();

const keySchema = z
  .object({
    id: id('key'),
    accountId: id('acc'),
    projectId: id('prj'),
    masked: z.string(),
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    state: z.enum(['active', 'disabled', 'dead']),
    stateReason: z.string().max(500).nullable(),
    stateSince: time.nullable(),
    lastCheckedAt: time.nullable(),
    createdAt: time,
    /** The API key itself (Gemini's, or another provider's): only ever inside the encrypted file. */
    secret: z
      .string()
      .refine((secret) => isWellFormedApiKey(secret) || isWellFormedProviderKey(secret), 'an API key'),
  })
  .strict()
  .refine(
    (key) => key.fingerprint === fingerprintApiKey(key.secret) && key.masked === maskApiKey(key.secret),
    {
      message: 'the key does not match its fingerprint',
    },
  );

const tokenSchema = z
  .object({
    id: id('tok'),
    name: z.string().min(1).max(200),
    /** SHA-256 of the token: the token itself is never stored, so never backed up either. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    prefix: z.string().max(20),
    createdAt: time,
    lastUsedAt: time.nullable(),
    revokedAt: time.nullable(),
    policy: clientPolicySchema,
  })
  .strict();

/** A quota-limit rule of the user's; `unlimited` stands for a lifted limit (JSON has no Infinity). */
const limitValue = z.union([z.number().int().min(0), z.literal('unlimited'), z.null()]);
const limitSchema = z
  .object({
    projectId: z.string().nullable(),
    model: z.string().min(1).max(200),
    rpm: limitValue,
    tpm: limitValue,
    rpd: limitValue,
  })
  .strict();

/** A limit Google stated in a 429 for one project, model and field (see pool/learnedLimits.ts). */
const learnedLimitSchema = z
  .object({
    projectId: id('prj'),
    model: z.string().min(1).max(200),
    field: z.enum(LIMIT_FIELDS),
    value: z.number().int().min(1),
    tier: z.string().max(100).nullable(),
    quotaId: z.string().max(300),
    learnedAt: time,
  })
  .strict();

export const backupPayloadSchema = z
  .object({
    format: z.literal('gemgate-backup-payload'),
    version: z.union([z.literal(1), z.literal(2), z.literal(BACKUP_PAYLOAD_VERSION)]),
    createdAt: z.string(),
    /** Providers beside Gemini. Absent in backups older than providers. */
    providers: z.array(providerSchema).default([]),
    accounts: z.array(accountSchema),
    projects: z.array(projectSchema),
    keys: z.array(keySchema),
    tokens: z.array(tokenSchema),
    /** Settings set explicitly, as stored (JSON values); defaults are not backed up. */
    settings: z.record(z.string(), z.unknown()),
    /** The user's own prices; shipped defaults are not backed up. */
    prices: z.array(modelPriceSchema),
    /** The user's own quota-limit rules; the free-tier defaults live in code. Absent in older backups. */
    limits: z.array(limitSchema).default([]),
    /** The limits learned from Google for each project. Absent in backups older than version 3. */
    learnedLimits: z.array(learnedLimitSchema).default([]),
  })
  .strict();

export type BackupLimit = BackupPayload['limits'][number];

export function limitToBackup(rule: LimitOverride): BackupLimit {
  const value = (n: number | null) => (n === Infinity ? 'unlimited' : n);
  return {
    projectId: rule.projectId,
    model: rule.model,
    rpm: value(rule.rpm),
    tpm: value(rule.tpm),
    rpd: value(rule.rpd),
  };
}

export function limitFromBackup(rule: BackupLimit, projectId: string | null = rule.projectId): LimitOverride {
  const value = (n: number | 'unlimited' | null) => (n === 'unlimited' ? Infinity : n);
  return { projectId, model: rule.model, rpm: value(rule.rpm), tpm: value(rule.tpm), rpd: value(rule.rpd) };
}

export type BackupPayload = z.infer<typeof backupPayloadSchema>;
export type BackupKey = BackupPayload['keys'][number];
export type BackupProvider = BackupPayload['providers'][number];
export type BackupToken = BackupPayload['tokens'][number];

/** The backup is not usable; the message says why and never contains key material. */
export class BackupError extends InputError {
  override name = 'BackupError';
}

/**
 * What a backup reads and writes: the store, and the policies and prices by their own rules (a
 * policy or price is validated on the way in, and read on the way out as the gateway reads it).
 */
export interface BackupData {
  store: Store;
  policies: ClientPolicies;
  prices: PriceTable;
}

/** Everything the backup holds, secrets read from the secret store; keys without one are reported. */
export async function collectBackup(
  { store, policies: policyBook, prices }: BackupData,
  secrets: SecretStore,
  now = Date.now(),
): Promise<{ payload: BackupPayload; skipped: Array<{ id: string; masked: string }> }> {
  const skipped: Array<{ id: string; masked: string }> = [];
  const keys: BackupKey[] = [];
  for (const key of store.keys.list()) {
    const secret = await secrets.get(key.id);
    if (!secret) {
      skipped.push({ id: key.id, masked: key.masked });
      continue;
    }
    keys.push({
      id: key.id,
      accountId: key.accountId,
      projectId: key.projectId,
      masked: key.masked,
      fingerprint: key.fingerprint,
      state: key.state,
      stateReason: key.stateReason,
      stateSince: key.stateSince,
      lastCheckedAt: key.lastCheckedAt,
      createdAt: key.createdAt,
      secret,
    });
  }
  const policies = policyBook.all();
  const tokens = store.backupTables.tokens('created').map((token) => ({
    ...token,
    policy: policies.get(token.id) ?? ({} as ClientPolicy),
  }));
  const settings = Object.fromEntries(store.settings.stored('name'));
  const payload: BackupPayload = {
    format: 'gemgate-backup-payload',
    version: BACKUP_PAYLOAD_VERSION,
    createdAt: new Date(now).toISOString(),
    providers: store.providers.list().map((provider) => ({ ...provider })),
    accounts: store.accounts.list().map((account) => ({ ...account })),
    projects: store.projects.list().map((project) => ({ ...project })),
    keys,
    tokens,
    settings,
    prices: prices.overrides() as ModelPrice[],
    limits: store.poolLimits.list().map(limitToBackup),
    learnedLimits: store.learnedLimits.list(),
  };
  return { payload: validatePayload(payload), skipped };
}

/**
 * Checks a decrypted payload completely: every field, that every key's secret matches its
 * fingerprint, and that every reference (key → project → account) points inside the backup.
 */
export function validatePayload(raw: unknown): BackupPayload {
  const version = (raw as { version?: unknown })?.version;
  if (typeof version === 'number' && version > BACKUP_PAYLOAD_VERSION) {
    throw new BackupError(
      `This backup was made by a newer gemgate (format ${version}). Upgrade gemgate to import it.`,
    );
  }
  const parsed = backupPayloadSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BackupError(`The backup's contents are not valid (${issue.path.join('.')}: ${issue.message}).`);
  }
  const payload = parsed.data;
  const unique = <T>(items: T[], by: (item: T) => string, what: (item: T) => string) => {
    const seen = new Set<string>();
    for (const item of items) {
      if (seen.has(by(item))) throw new BackupError(`The backup lists ${what(item)} twice.`);
      seen.add(by(item));
    }
  };
  unique(
    payload.providers,
    (p) => p.name,
    (p) => `provider ${p.name}`,
  );
  unique(
    payload.accounts,
    (a) => a.id,
    (a) => `account ${a.id}`,
  );
  unique(
    payload.accounts,
    (a) => a.label,
    (a) => `an account named "${a.label}"`,
  );
  unique(
    payload.projects,
    (p) => p.id,
    (p) => `project ${p.id}`,
  );
  unique(
    payload.keys,
    (k) => k.id,
    (k) => `key ${k.id}`,
  );
  unique(
    payload.keys,
    (k) => k.fingerprint,
    (k) => `the key ${k.masked}`,
  );
  unique(
    payload.tokens,
    (t) => t.id,
    (t) => `token ${t.id}`,
  );
  unique(
    payload.tokens,
    (t) => t.hash,
    (t) => `the token of ${t.id}`,
  );
  unique(
    payload.prices,
    (p) => p.model,
    (p) => `a price for ${p.model}`,
  );
  const accounts = new Set(payload.accounts.map((a) => a.id));
  const projects = new Map(payload.projects.map((p) => [p.id, p]));
  const providers = new Set(['gemini', ...payload.providers.map((p) => p.name)]);
  for (const project of payload.projects) {
    if (!accounts.has(project.accountId))
      throw new BackupError(`Project ${project.id} belongs to no account in the backup.`);
    if (!providers.has(project.provider))
      throw new BackupError(
        `Project ${project.id} belongs to provider ${project.provider}, which is not in the backup.`,
      );
  }
  for (const rule of payload.limits) {
    if (rule.projectId !== null && !projects.has(rule.projectId))
      throw new BackupError(
        `A limit for ${rule.model} names project ${rule.projectId}, which is not in the backup.`,
      );
  }
  unique(
    payload.learnedLimits,
    (l) => `${l.projectId} ${l.model} ${l.field}`,
    (l) => `a learned ${l.field} for ${l.model} of project ${l.projectId}`,
  );
  for (const limit of payload.learnedLimits) {
    if (!projects.has(limit.projectId))
      throw new BackupError(
        `A limit learned for ${limit.model} names project ${limit.projectId}, which is not in the backup.`,
      );
  }
  for (const key of payload.keys) {
    const project = projects.get(key.projectId);
    if (!accounts.has(key.accountId) || !project || project.accountId !== key.accountId) {
      throw new BackupError(
        `Key ${key.id} (${key.masked}) refers to an account or project not in the backup.`,
      );
    }
    const shaped =
      project.provider === 'gemini' ? isWellFormedApiKey(key.secret) : isWellFormedProviderKey(key.secret);
    if (!shaped) {
      throw new BackupError(`Key ${key.id} (${key.masked}) is not shaped like a key of ${project.provider}.`);
    }
  }
  return payload;
}
