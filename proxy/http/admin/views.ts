import type { Account } from '../../store/accounts.js';
import type { KeyRecord } from '../../store/keys.js';
import type { KeyActivity } from '../../store/requestLog.js';
import type { ClientToken } from '../../store/clientTokens.js';
import type { GatewayEvent, GatewayStatus } from '../../events/gatewayEvent.js';
import type { CheckResult } from '../../keys/checkKey.js';
import type { CheckView, ClientTokenView, EventView, KeyView, StatusView } from './contract.js';
import type { AdminContext } from './adminContext.js';
import type { ClientPolicies } from '../../policy/clientPolicies.js';

/**
 * Store records to the contract's views. Every field is copied by name, never spread, so a column
 * added to a record later (a secret, say) cannot slip into an answer unnoticed.
 */
/** The named fields of a record, and no other: a field added to the record later stays out. */
export function fieldsOf<T, K extends keyof T>(record: T, fields: readonly K[]): Pick<T, K> {
  const picked = {} as Pick<T, K>;
  for (const field of fields) picked[field] = record[field];
  return picked;
}

/** What a key did lately, from the request log: requests today, how many failed, its last good answer. */
type RecentActivity = Omit<KeyActivity, 'keyId'>;

const IDLE: RecentActivity = { requests: 0, failed: 0, lastOkAt: null };

export function keyView(
  key: KeyRecord,
  account: Account | undefined,
  coolingUntil: number | null,
  activity: RecentActivity = IDLE,
): KeyView {
  return {
    id: key.id,
    masked: key.masked,
    accountId: key.accountId,
    projectId: key.projectId,
    provider: key.provider,
    state: key.state,
    stateReason: key.stateReason,
    stateSince: key.stateSince,
    why: explainKeyState(key, account, coolingUntil, activity.lastOkAt),
    lastCheckedAt: key.lastCheckedAt,
    createdAt: key.createdAt,
    coolingUntil,
    activity: { today: activity.requests, failedToday: activity.failed, lastOkAt: activity.lastOkAt },
  };
}

/**
 * In plain words, why a key serves requests or does not. Times are left to the dashboard, which
 * shows them in the user's own time zone (`coolingUntil` is on the view).
 */
export function explainKeyState(
  key: KeyRecord,
  account: Account | undefined,
  coolingUntil: number | null,
  lastOkAt: number | null = null,
  now = Date.now(),
): string {
  const gemini = key.provider === 'gemini';
  const who = gemini ? 'Gemini' : key.provider;
  switch (key.state) {
    case 'dead':
      return `${who} refused this key (${key.stateReason ?? 'no reason given'}), so it is no longer used. Fix it in ${gemini ? 'Google AI Studio' : `${who}'s console`}, then check it again.`;
    case 'disabled':
      return key.stateReason ? `Disabled: ${key.stateReason}.` : 'You disabled this key.';
    case 'active':
      if (account?.state === 'disabled') return 'Its account is disabled, so the key is not used.';
      if (coolingUntil !== null && coolingUntil > now)
        return `Rate-limited by ${who}: its ${gemini ? 'project' : 'account'} rests until the quota ${who} named frees up.`;
      if (key.lastCheckedAt === null && lastOkAt === null)
        return `Serving requests (not checked against ${who} yet).`;
      return 'Serving requests.';
  }
}

export function checkView(key: KeyRecord, result: CheckResult): CheckView {
  return {
    keyId: key.id,
    masked: key.masked,
    ok: result.ok,
    verdict: result.verdict,
    detail: result.detail,
    state: result.state,
  };
}

export function tokenView(
  token: ClientToken,
  ctx: Pick<AdminContext, 'policies'>,
  spend: { todayUsd: number; monthUsd: number } = { todayUsd: 0, monthUsd: 0 },
): ClientTokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt,
    lastUsedAt: token.lastUsedAt,
    revokedAt: token.revokedAt,
    policy: policyView(ctx.policies, token.id),
    spend: { todayUsd: spend.todayUsd, monthUsd: spend.monthUsd },
  };
}

/** A token's policy with one line describing it, accounts named by their labels. */
function policyView(policies: ClientPolicies, tokenId: string): ClientTokenView['policy'] {
  const policy = policies.get(tokenId);
  return { policy, summary: policies.describe(policy) };
}

export function statusView(status: GatewayStatus): StatusView {
  return {
    url: status.url,
    keys: { ...status.keys },
    today: { ...status.today },
    resumeEnabled: status.resumeEnabled,
    health: status.health,
  };
}

export function eventView(event: GatewayEvent): EventView {
  const view: EventView = {
    type: event.type,
    at: event.at,
    severity: event.severity,
    title: event.title,
    message: event.message,
  };
  if (event.keyId) view.keyId = event.keyId;
  if (event.projectId) view.projectId = event.projectId;
  if (event.model) view.model = event.model;
  if (event.clientId) view.clientId = event.clientId;
  return view;
}
