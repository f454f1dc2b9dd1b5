import type { Store } from '../store/openStore.js';
import type { Services } from './services.js';
import type { Logger } from '../log/logger.js';
import type { Settings } from '../config/settings.js';
import type { PoolKey } from '../pool/keyPool.js';
import type { EventBus } from '../events/eventBus.js';
import type { UsageRow } from '../store/usageRequests.js';
import { UsageRecorder, pruneUsage } from '../usage/usageRecorder.js';
import { UsageJournal, leftoverJournals } from '../usage/usageJournal.js';
import { localDay } from '../usage/calendar.js';
import { PolicyGate, formatUsd } from '../policy/policyGate.js';
import { RateWindow } from '../policy/rateWindow.js';
import { SpendTracker } from '../policy/spendTracker.js';

/** How often old request-log rows are pruned (and once at start). */
const PRUNE_EVERY_MS = 6 * 3600_000;

export interface UsageServices {
  /** The recording hook (GatewayContext.usage). */
  usage: UsageRecorder;
  /** Client policy enforcement (GatewayContext.policies). */
  policies: PolicyGate;
  /** Requests and cost so far today, for the gateway's status. */
  today(): { requests: number; costUsd: number };
  /** Writes the queued log rows, stops timers. */
  close(): Promise<void>;
}

export interface UsageServiceDeps {
  store: Store;
  /** Who may call what (read on every request), and what each call costs. */
  services: Pick<Services, 'policies' | 'prices'>;
  events: EventBus;
  logger: Logger;
  settings(): Settings;
  /** The keys loaded into the pool right now (active, with a secret). */
  poolKeys(): ReadonlyMap<string, PoolKey>;
  /**
   * Told each time rows are in the log's table, readable (the dashboard's live usage updates: a
   * page that reloads when told sees them).
   */
  onWritten?(rows: readonly UsageRow[]): void;
}

/**
 * The request log, prices and client policies, wired together: every recorded request feeds the
 * spend counters the policies check, and a generation that gave up raises an event.
 */
export function startUsageServices(deps: UsageServiceDeps): UsageServices {
  const { store, events, logger } = deps;
  const { prices, policies: clientPolicies } = deps.services;
  // Rows a killed gateway left in its crash journal go into the log first, so the spend counters
  // seeded from the log count them.
  const leftovers = leftoverJournals(store.dataDir);
  const journal = UsageJournal.open(store.dataDir);
  const spend = new SpendTracker();
  const todayTotals = (day: string) => ({ day, ...store.usageTotals.day(day) });
  let today = todayTotals(localDay(Date.now()));

  const onRecorded = (row: UsageRow) => {
    if (row.clientId && row.costUsd) spend.add(row.clientId, row.at, row.costUsd);
    if (row.day !== today.day) today = { day: row.day, requests: 0, costUsd: 0 };
    today.requests += 1;
    today.costUsd += row.costUsd ?? 0;
    if (row.outcome === 'incomplete') {
      events.emit({
        type: 'resume.gaveUp',
        severity: 'warning',
        title: 'An answer stayed incomplete',
        message: `A ${row.model ?? ''} answer was cut off and could not be completed after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'}${row.causes ? ` (${row.causes})` : ''}; the client got an error.`,
        ...(row.keyId ? { keyId: row.keyId } : {}),
        ...(row.model ? { model: row.model } : {}),
        ...(row.clientId ? { clientId: row.clientId } : {}),
      });
    }
  };

  const usage = new UsageRecorder(store.usageWriter, {
    logger,
    journal,
    prices: () => prices.effective(),
    keyInfo: (keyId) => {
      const key = deps.poolKeys().get(keyId) ?? store.keys.get(keyId);
      return key && { projectId: key.projectId, accountId: key.accountId };
    },
    onRecorded,
    onWritten: deps.onWritten,
  });
  for (const leftover of leftovers) {
    const restored = usage.restore(leftover.rows);
    leftover.remove();
    if (restored > 0) logger.info({ restored }, 'request log rows recovered from an earlier run');
  }
  spend.seed(store.usageTotals);
  today = todayTotals(localDay(Date.now()));

  const policies = new PolicyGate({
    policyOf: (tokenId) => clientPolicies.get(tokenId),
    spend,
    rate: new RateWindow(),
    activeKeys: () => [...deps.poolKeys().values()],
    accountLabel: (id) => store.accounts.get(id)?.label ?? id,
    onSpendLimit: (client, limit, limitUsd, spentUsd) =>
      events.emit({
        type: 'spend.limit',
        severity: 'warning',
        title: `A client reached its ${limit} spend limit`,
        message: `Token "${client.name}" (${client.id}) spent ${formatUsd(spentUsd)} of its ${limit} limit of ${formatUsd(limitUsd)}; its requests are refused until the limit resets.`,
        clientId: client.id,
      }),
  });

  const prune = () => {
    try {
      const removed = pruneUsage(store.usageRequests, deps.settings()['usage.retentionDays']);
      if (removed > 0) logger.info({ removed }, 'pruned old request log rows');
    } catch (error) {
      logger.error({ err: error }, 'could not prune the request log');
    }
  };
  const firstPrune = setTimeout(prune, 5_000);
  firstPrune.unref();
  const pruner = setInterval(prune, PRUNE_EVERY_MS);
  pruner.unref();

  return {
    usage,
    policies,
    today: () =>
      today.day === localDay(Date.now())
        ? { requests: today.requests, costUsd: today.costUsd }
        : { requests: 0, costUsd: 0 },
    async close() {
      clearTimeout(firstPrune);
      clearInterval(pruner);
      usage.close();
      journal.close();
    },
  };
}
