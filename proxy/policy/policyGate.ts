import type { ClientToken } from '../store/clientTokens.js';
import type { KeyScope } from '../pool/keyPool.js';
import { inKeyScope } from '../pool/keyPool.js';
import type { Tier } from '../pool/tier.js';
import type { ResumeSettings } from '../resume/generation.js';
import { PolicyRefusal, wholeSeconds } from '../failures/failures.js';
import { modelAllowed, modelListed, providerAllowed, type ClientPolicy } from './clientPolicy.js';
import type { RateWindow } from './rateWindow.js';
import type { SpendTracker } from './spendTracker.js';
import { nextLocalMidnight, nextLocalMonth } from '../usage/calendar.js';

/** What a request may do once admitted: which keys it may draw on, and how to resume it. */
export interface Admission {
  policy: ClientPolicy;
  keyScope: KeyScope;
  /** The resume engine's settings for this client: one attempt when its policy turns resuming off. */
  resume(base: ResumeSettings): ResumeSettings;
}

export interface PolicyGateOptions {
  policyOf(tokenId: string): ClientPolicy;
  spend: SpendTracker;
  rate: RateWindow;
  /** The keys that can serve right now, to tell a policy that leaves none from a busy pool. */
  activeKeys(): ReadonlyArray<{ tier: Tier; accountId: string; provider?: string }>;
  accountLabel(accountId: string): string;
  /** A client just hit a spend limit (once per client, limit and period). */
  onSpendLimit?(client: ClientToken, limit: 'daily' | 'monthly', limitUsd: number, spentUsd: number): void;
  now?: () => number;
}

/**
 * Enforces client policies before any upstream call: the model, then the accounts and tiers, then
 * spend, then requests per minute (last, so a refused request does not use up the client's minute).
 * Every refusal names the limit and the token, in the client's dialect, with Retry-After on 429s.
 */
export class PolicyGate {
  private readonly now: () => number;
  private readonly announced = new Set<string>();

  constructor(private readonly options: PolicyGateOptions) {
    this.now = options.now ?? Date.now;
  }

  policyOf(client: ClientToken): ClientPolicy {
    return this.options.policyOf(client.id);
  }

  /**
   * Throws a PolicyRefusal when the client may not make this call now. `provider` is who serves the
   * model (`gemini` unless the model is another provider's).
   */
  admit(client: ClientToken, model: string, provider = 'gemini'): Admission {
    const policy = this.policyOf(client);
    const who = describeClient(client);
    if (!providerAllowed(policy, provider)) {
      throw new PolicyRefusal(
        'provider',
        `${who} may not use provider ${provider} (for model ${model.replace(/^models\//, '')}): its policy allows only ${policy.allowProviders!.join(', ')} (allowProviders).`,
      );
    }
    assertModelAllowed(client, policy, model, provider);
    const keyScope: KeyScope = {
      ...(policy.allowTiers ? { allowedTiers: policy.allowTiers } : {}),
      ...(policy.allowAccounts ? { allowedAccountIds: policy.allowAccounts } : {}),
    };
    if (policy.allowTiers || policy.allowAccounts) {
      const own = (key: { provider?: string }) => (key.provider ?? 'gemini') === provider;
      if (!this.options.activeKeys().some((key) => own(key) && inKeyScope(key, keyScope))) {
        const limits = [
          policy.allowAccounts &&
            `accounts ${policy.allowAccounts.map((id) => this.options.accountLabel(id)).join(', ')}`,
          policy.allowTiers && `tiers ${policy.allowTiers.join(', ')}`,
        ].filter(Boolean);
        throw new PolicyRefusal(
          'keys',
          `${who} may draw only on keys of ${limits.join(' and ')} (allowAccounts/allowTiers), and none of them${provider === 'gemini' ? '' : ` (of provider ${provider})`} is active.`,
        );
      }
    }
    this.checkSpend(client, policy, who);
    if (policy.rpm !== undefined) {
      const taken = this.options.rate.take(client.id, policy.rpm, this.now());
      if (!taken.ok) {
        throw new PolicyRefusal(
          'rpm',
          `${who} is over its limit of ${policy.rpm} requests per minute (rpm); retry in ${wholeSeconds(taken.retryAfterMs)}s.`,
          taken.retryAfterMs,
        );
      }
    }
    return {
      policy,
      keyScope,
      resume: (base) => (policy.resume === false ? { ...base, maxAttempts: 1 } : base),
    };
  }

  /** Throws the policy's 403 when the client may not use this model (a model lookup, say). */
  assertModel(client: ClientToken, model: string, provider = 'gemini'): void {
    const policy = this.policyOf(client);
    if (!providerAllowed(policy, provider)) {
      throw new PolicyRefusal(
        'provider',
        `${describeClient(client)} may not use provider ${provider}: its policy allows only ${policy.allowProviders!.join(', ')} (allowProviders).`,
      );
    }
    assertModelAllowed(client, policy, model, provider);
  }

  /** The models (Gemini's `models/...` entries, or another provider's) that appear in this client's model lists. */
  visibleModels<T extends { name: string }>(
    client: ClientToken,
    models: readonly T[],
    provider = 'gemini',
  ): T[] {
    const policy = this.policyOf(client);
    return models.filter((model) => modelListed(policy, model.name, provider));
  }

  private checkSpend(client: ClientToken, policy: ClientPolicy, who: string): void {
    if (policy.dailyUsd === undefined && policy.monthlyUsd === undefined) return;
    const spent = this.options.spend.of(client.id);
    const now = this.now();
    const over =
      policy.dailyUsd !== undefined && spent.today >= policy.dailyUsd
        ? {
            limit: 'daily' as const,
            usd: policy.dailyUsd,
            spent: spent.today,
            resetAt: nextLocalMidnight(now),
          }
        : policy.monthlyUsd !== undefined && spent.month >= policy.monthlyUsd
          ? {
              limit: 'monthly' as const,
              usd: policy.monthlyUsd,
              spent: spent.month,
              resetAt: nextLocalMonth(now),
            }
          : undefined;
    if (!over) return;
    const key = `${client.id}:${over.limit}:${over.resetAt}`;
    if (!this.announced.has(key)) {
      this.announced.add(key);
      this.options.onSpendLimit?.(client, over.limit, over.usd, over.spent);
    }
    const period = over.limit === 'daily' ? 'today' : 'this month';
    const resets = over.limit === 'daily' ? 'at local midnight' : 'on the 1st of next month';
    throw new PolicyRefusal(
      over.limit === 'daily' ? 'daily-spend' : 'monthly-spend',
      `${who} has reached its ${over.limit} spend limit of ${formatUsd(over.usd)} (${over.limit === 'daily' ? 'dailyUsd' : 'monthlyUsd'}; spent ${formatUsd(over.spent)} ${period}); it resets ${resets}.`,
      over.resetAt - now,
    );
  }
}

function describeClient(client: ClientToken): string {
  return `gemgate token "${client.name}" (${client.id})`;
}

function assertModelAllowed(
  client: ClientToken,
  policy: ClientPolicy,
  model: string,
  provider: string,
): void {
  const name = model.replace(/^models\//, '');
  if (modelAllowed(policy, name, provider)) return;
  throw new PolicyRefusal(
    'model',
    `${describeClient(client)} may not use model ${name}: its policy allows only ${policy.allowModels!.join(', ')} (allowModels).`,
  );
}

/** Dollars and cents; amounts under a cent with two significant digits, so they never read as $0.00. */
export function formatUsd(usd: number): string {
  return usd === 0 || usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${Number(usd.toPrecision(2))}`;
}
