import { z } from 'zod';
import type { Tier } from '../pool/tier.js';
import { InputError } from '../failures/inputError.js';

/**
 * What one client token may do. Every field is optional: absent means "no limit", so a token
 * without a policy behaves exactly as before policies existed.
 */
export interface ClientPolicy {
  /** Model patterns the token may call (`*` matches any run of characters); absent: every model. */
  allowModels?: string[];
  /** Model patterns left out of the token's model lists (they stay callable if allowed). */
  hideModels?: string[];
  /** Providers that may serve the token (`gemini` and the names of others); absent: every provider. */
  allowProviders?: string[];
  /** Account ids whose keys may serve the token; absent: every account. */
  allowAccounts?: string[];
  /** Account tiers whose keys may serve the token; absent: every tier. */
  allowTiers?: Tier[];
  /** false: a cut stream is not resumed for this token (the engine runs with one attempt). */
  resume?: boolean;
  /**
   * false: Responses API answers are never stored for this token, as if every request said
   * `store: false` (nothing of its conversations stays in the data folder).
   */
  storeResponses?: boolean;
  /**
   * false: Google stores none of the token's interactions (Interactions API): each is sent with
   * `store: false`, and what needs a stored one (`previous_interaction_id`, `background`) is refused.
   */
  storeInteractions?: boolean;
  /** Requests per minute, over a sliding minute. */
  rpm?: number;
  /** Spend limits in USD, over the local calendar day and month, computed from the price table. */
  dailyUsd?: number;
  monthlyUsd?: number;
}

const modelPattern = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._*:/-]+$/, 'a model name or pattern: letters, digits, ".", "-", "_", ":", "/" and "*"')
  .transform((pattern) => pattern.replace(/^(models|google)\//, ''));

/** The stored and transported shape; unknown fields are refused so a typo cannot silently allow. */
export const clientPolicySchema = z
  .object({
    allowModels: z.array(modelPattern).min(1).max(100).optional(),
    hideModels: z.array(modelPattern).min(1).max(100).optional(),
    allowProviders: z
      .array(z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'a provider name such as gemini or qwen'))
      .min(1)
      .max(50)
      .optional(),
    allowAccounts: z.array(z.string().min(1).max(100)).min(1).max(100).optional(),
    allowTiers: z
      .array(z.enum(['primary', 'backup']))
      .min(1)
      .optional(),
    resume: z.boolean().optional(),
    storeResponses: z.boolean().optional(),
    storeInteractions: z.boolean().optional(),
    rpm: z.number().int().min(1).max(100_000).optional(),
    dailyUsd: z.number().min(0).max(1_000_000).optional(),
    monthlyUsd: z.number().min(0).max(10_000_000).optional(),
  })
  .strict();

export function parseClientPolicy(raw: unknown): ClientPolicy {
  const result = clientPolicySchema.safeParse(raw);
  if (!result.success) {
    const reason = result.error.issues
      .map((issue) => `${issue.path.join('.') || 'policy'}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid client policy: ${reason}.`);
  }
  return dropEmpty(result.data);
}

export function isEmptyPolicy(policy: ClientPolicy): boolean {
  return Object.keys(dropEmpty(policy)).length === 0;
}

function dropEmpty(policy: ClientPolicy): ClientPolicy {
  return Object.fromEntries(
    Object.entries(policy).filter(([, value]) => value !== undefined),
  ) as ClientPolicy;
}

const patternCache = new Map<string, RegExp>();

/** `gemini-2.5-*` matches `gemini-2.5-flash`; a plain name matches itself only. */
export function matchesModel(pattern: string, model: string): boolean {
  if (!pattern.includes('*')) return pattern === model;
  let regex = patternCache.get(pattern);
  if (!regex) {
    const source = pattern
      .split('*')
      .map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    regex = new RegExp(`^${source}$`);
    patternCache.set(pattern, regex);
  }
  return regex.test(model);
}

/**
 * Whether the policy lets the token call the model. Another provider's model is matched both as
 * its own id and as `provider/model`, so `qwen/*` allows all of qwen's and `qwen-plus` that one.
 */
export function modelAllowed(policy: ClientPolicy, model: string, provider = 'gemini'): boolean {
  if (!policy.allowModels) return true;
  const names = provider === 'gemini' ? [model] : [model, `${provider}/${model}`];
  return policy.allowModels.some((pattern) => names.some((name) => matchesModel(pattern, name)));
}

export function providerAllowed(policy: ClientPolicy, provider: string): boolean {
  return !policy.allowProviders || policy.allowProviders.includes(provider);
}

/** Listed in the token's model lists: its provider and the model allowed, and the model not hidden. */
export function modelListed(policy: ClientPolicy, model: string, provider = 'gemini'): boolean {
  const name = model.replace(/^models\//, '');
  if (!providerAllowed(policy, provider) || !modelAllowed(policy, name, provider)) return false;
  const names = provider === 'gemini' ? [name] : [name, `${provider}/${name}`];
  return !policy.hideModels?.some((pattern) => names.some((candidate) => matchesModel(pattern, candidate)));
}

/** One line a person can read, for `tokens list` and error messages. */
export function describePolicy(
  policy: ClientPolicy,
  accountLabel: (id: string) => string = (id) => id,
): string {
  const parts: string[] = [];
  if (policy.allowModels) parts.push(`models ${policy.allowModels.join(',')}`);
  if (policy.hideModels) parts.push(`hidden ${policy.hideModels.join(',')}`);
  if (policy.allowProviders) parts.push(`providers ${policy.allowProviders.join(',')}`);
  if (policy.allowAccounts) parts.push(`accounts ${policy.allowAccounts.map(accountLabel).join(',')}`);
  if (policy.allowTiers) parts.push(`tiers ${policy.allowTiers.join(',')}`);
  if (policy.resume === false) parts.push('resume off');
  if (policy.storeResponses === false) parts.push('responses not stored');
  if (policy.storeInteractions === false) parts.push('interactions not stored');
  if (policy.rpm !== undefined) parts.push(`${policy.rpm} rpm`);
  if (policy.dailyUsd !== undefined) parts.push(`$${policy.dailyUsd}/day`);
  if (policy.monthlyUsd !== undefined) parts.push(`$${policy.monthlyUsd}/month`);
  return parts.length > 0 ? parts.join('; ') : 'no limits';
}
