import type { UsageQuery, UsageSource } from './adminContext.js';
import type { UsageRow, UsageTotals } from './contract.js';
import type { UsageTotals as LogTotals, UsageTotalsRepository } from '../../store/usageTotals.js';
import type { UsageQueries, UsageSummary } from '../../usage/usageQueries.js';
import { localDay, nextLocalMidnight, startOfLocalDay } from '../../usage/calendar.js';
import { clientSpendFromLog } from '../../policy/spendTracker.js';

/** Days shown when the page asks for no window: the last 30, today included. */
const DEFAULT_DAYS = 30;

/**
 * The request log (the usage_requests table) as the dashboard's usage figures read it: totals for
 * today, and rows grouped by day, provider, model, key, client, or client and model.
 */
export function usageLogSource(
  usage: UsageQueries,
  usageTotals: Pick<UsageTotalsRepository, 'total' | 'clientSpendByDay'>,
): UsageSource {
  return {
    today(now) {
      // The total alone: a summary would group the day six ways and look for unpriced models too.
      return totals(usageTotals.total(startOfLocalDay(localDay(now))!));
    },
    summary(query: UsageQuery) {
      const now = Date.now();
      const since =
        (query.since ? startOfLocalDay(query.since) : undefined) ??
        startOfLocalDay(localDay(now - (DEFAULT_DAYS - 1) * 86_400_000))!;
      const until = query.until ? nextLocalMidnight(startOfLocalDay(query.until) ?? now) : undefined;
      const summary = usage.summary(since, until);
      return { rows: grouped(summary, query.by), totals: totals(summary.total) };
    },
    spendByClient(now) {
      return clientSpendFromLog(usageTotals, now);
    },
  };
}

/** The summary's rows for one grouping, each with the name a person knows it by. */
function grouped(summary: UsageSummary, by: UsageQuery['by']): UsageRow[] {
  switch (by) {
    case 'day':
      return summary.byDay.map((row) => ({ group: row.day, label: row.day, ...totals(row) }));
    case 'provider':
      return summary.byProvider.map((row) => ({ group: row.provider, label: row.provider, ...totals(row) }));
    case 'model':
      return summary.byModel.map((row) => ({
        group: row.model ?? '',
        label: row.model ?? '(none)',
        ...totals({ ...row, costUsd: row.costUsd ?? 0 }),
        // A model without a price: its cost is unknown ("no price"), never $0.
        ...(row.costUsd === null ? { costUsd: null } : {}),
        priced: row.priced,
      }));
    case 'key':
      return summary.byKey.map((row) => ({
        group: row.keyId ?? '',
        label: row.masked ?? row.keyId ?? '(no key)',
        ...totals(row),
      }));
    case 'client':
      return summary.byClient.map((row) => ({
        group: row.clientId ?? '',
        label: clientLabel(row),
        ...totals(row),
      }));
    case 'client-model':
      return summary.byClientModel.map((row) => ({
        group: `${row.clientId ?? ''}|${row.model ?? ''}`,
        label: `${clientLabel(row)} · ${row.model ?? '(none)'}`,
        ...totals(row),
      }));
  }
}

function clientLabel(row: { clientId: string | null; name: string | null }): string {
  return row.name ?? row.clientId ?? '(no token)';
}

function totals(row: LogTotals): UsageTotals {
  return {
    requests: row.requests,
    errors: row.errors,
    inputTokens: row.promptTokens,
    outputTokens: row.outputTokens,
    thoughtTokens: row.thoughtsTokens,
    costUsd: row.costUsd,
    unpriced: row.unpriced,
  };
}
