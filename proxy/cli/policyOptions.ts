import type { Command } from 'commander';
import type { Store } from '../store/openStore.js';
import { parseClientPolicy, type ClientPolicy } from '../policy/clientPolicy.js';

export interface PolicyFlags {
  allowModels?: string;
  hideModels?: string;
  providers?: string;
  accounts?: string;
  tiers?: string;
  resume?: string;
  storeResponses?: string;
  storeInteractions?: string;
  rpm?: string;
  dailyUsd?: string;
  monthlyUsd?: string;
}

/** The policy flags `tokens create` and `tokens policy` share. */
export function addPolicyOptions(command: Command): Command {
  return command
    .option(
      '--allow-models <list>',
      'models it may use, comma-separated, * as wildcard (e.g. "gemini-2.5-*"); "any" clears',
    )
    .option('--hide-models <list>', 'models left out of its model lists; "none" clears')
    .option('--providers <list>', 'providers that may serve it: gemini and/or others by name; "any" clears')
    .option('--accounts <list>', 'accounts (names) whose keys may serve it; "any" clears')
    .option('--tiers <list>', 'account tiers whose keys may serve it: primary, backup; "any" clears')
    .option('--resume <on|off>', 'resume streams Gemini cuts off for it (default on)')
    .option(
      '--store-responses <on|off>',
      'keep its Responses API answers for previous_response_id and item references (default on, as OpenAI)',
    )
    .option(
      '--store-interactions <on|off>',
      'let Google store its interactions (default on); off sends every one with store: false',
    )
    .option('--rpm <n>', 'requests per minute; "none" clears')
    .option('--daily-usd <usd>', 'spend limit per day (local time), in USD; "none" clears')
    .option('--monthly-usd <usd>', 'spend limit per calendar month, in USD; "none" clears');
}

export function hasPolicyFlags(flags: PolicyFlags): boolean {
  return (
    [
      'allowModels',
      'hideModels',
      'providers',
      'accounts',
      'tiers',
      'resume',
      'storeResponses',
      'storeInteractions',
      'rpm',
      'dailyUsd',
      'monthlyUsd',
    ] as const
  ).some((name) => flags[name] !== undefined);
}

/** The policy after applying the flags to `base`; validated, so bad input changes nothing. */
export function applyPolicyFlags(store: Store, base: ClientPolicy, flags: PolicyFlags): ClientPolicy {
  const next: Record<string, unknown> = { ...base };
  const set = (field: keyof ClientPolicy, value: unknown) => {
    if (value === undefined) delete next[field];
    else next[field] = value;
  };
  if (flags.allowModels !== undefined) set('allowModels', list(flags.allowModels, 'any'));
  if (flags.hideModels !== undefined) set('hideModels', list(flags.hideModels, 'none'));
  if (flags.providers !== undefined) set('allowProviders', list(flags.providers, 'any'));
  if (flags.accounts !== undefined) {
    set(
      'allowAccounts',
      list(flags.accounts, 'any')?.map((name) => accountId(store, name)),
    );
  }
  if (flags.tiers !== undefined) set('allowTiers', list(flags.tiers, 'any'));
  // On is the default for every switch: store nothing rather than `true`.
  if (flags.resume !== undefined) set('resume', offSwitch(flags.resume, '--resume'));
  if (flags.storeResponses !== undefined) {
    set('storeResponses', offSwitch(flags.storeResponses, '--store-responses'));
  }
  if (flags.storeInteractions !== undefined) {
    set('storeInteractions', offSwitch(flags.storeInteractions, '--store-interactions'));
  }
  if (flags.rpm !== undefined) set('rpm', amount(flags.rpm, '--rpm'));
  if (flags.dailyUsd !== undefined) set('dailyUsd', amount(flags.dailyUsd, '--daily-usd'));
  if (flags.monthlyUsd !== undefined) set('monthlyUsd', amount(flags.monthlyUsd, '--monthly-usd'));
  return parseClientPolicy(next);
}

function list(value: string, clearWord: string): string[] | undefined {
  if (value.trim().toLowerCase() === clearWord) return undefined;
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0)
    throw new Error(`An empty list: give names separated by commas, or "${clearWord}".`);
  return items;
}

/** `off` -> false; `on` -> absent (the default). */
function offSwitch(value: string, flag: string): false | undefined {
  if (!/^(on|off)$/.test(value)) throw new Error(`${flag} must be on or off, not "${value}".`);
  return value === 'off' ? false : undefined;
}

function amount(value: string, flag: string): number | undefined {
  if (value.trim().toLowerCase() === 'none') return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed)) {
    throw new Error(`${flag} must be a number or "none", not "${value}".`);
  }
  return parsed;
}

function accountId(store: Store, name: string): string {
  const account = store.accounts.findByLabel(name) ?? store.accounts.get(name);
  if (!account) {
    const known = store.accounts.list().map((a) => a.label);
    throw new Error(
      `No account named "${name}"${known.length ? ` (accounts: ${known.join(', ')})` : ' (no accounts yet)'}. Nothing was changed.`,
    );
  }
  return account.id;
}
