import type { Db } from '../../store/database.js';
import { UsageRequestRepository } from '../../store/usageRequests.js';
import type { RequestLogQuery, UsageQuery, UsageSource } from './adminContext.js';
import type { RequestLogEntry, UsageRow, UsageTotals } from './contract.js';
import type { UsageTotals as LogTotals } from '../../store/usageTotals.js';
import { usageSummary } from '../../usage/usageQueries.js';
import { localDay, nextLocalMidnight, startOfLocalDay } from '../../usage/calendar.js';

/** Days shown when the page asks for no window: the last 30, today included. */
const DEFAULT_DAYS = 30;

/**
 * The request log (the usage_requests table) as the dashboard reads it: totals for today,
 * rows grouped by day, model, key or client, and the latest requests through filters.
 */
export function usageLogSource(db: Db): UsageSource {
  return {
    today(now) {
      return totals(usageSummary(db, startOfLocalDay(localDay(now))!).total);
    },
    summary(query: UsageQuery) {
      const now = Date.now();
      const since =
        (query.since ? startOfLocalDay(query.since) : undefined) ??
        startOfLocalDay(localDay(now - (DEFAULT_DAYS - 1) * 86_400_000))!;
      const until = query.until ? nextLocalMidnight(startOfLocalDay(query.until) ?? now) : undefined;
      const summary = usageSummary(db, since, until);
      const rows: UsageRow[] =
        query.by === 'day'
          ? summary.byDay.map((row) => ({ group: row.day, label: row.day, ...totals(row) }))
          : query.by === 'provider'
            ? summary.byProvider.map((row) => ({ group: row.provider, label: row.provider, ...totals(row) }))
            : query.by === 'model'
              ? summary.byModel.map((row) => ({
                  group: row.model ?? '',
                  label: row.model ?? '(none)',
                  ...totals({ ...row, costUsd: row.costUsd ?? 0 }),
                  // A model without a price: its cost is unknown ("no price"), never $0.
                  ...(row.costUsd === null ? { costUsd: null } : {}),
                  priced: row.priced,
                }))
              : query.by === 'key'
                ? summary.byKey.map((row) => ({
                    group: row.keyId ?? '',
                    label: row.masked ?? row.keyId ?? '(no key)',
                    ...totals(row),
                  }))
                : summary.byClient.map((row) => ({
                    group: row.clientId ?? '',
                    label: row.name ?? row.clientId ?? '(no token)',
                    ...totals(row),
                  }));
      return { rows, totals: totals(summary.total) };
    },
    requests(query: RequestLogQuery) {
      return requestLog(db, query);
    },
  };
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

/**
 * The latest requests, newest first, narrowed by client (id or name), model, key (id or masked
 * form) and outcome; `before` pages back through older ones.
 */
export function requestLog(db: Db, query: RequestLogQuery): RequestLogEntry[] {
  const rows = new UsageRequestRepository(db).log({
    ...query,
    ...(query.model ? { model: query.model.replace(/^models\//, '') } : {}),
  });
  return rows.map((row) => ({
    id: String(row.id),
    at: row.at,
    clientId: row.clientId,
    clientName: row.clientName,
    model: row.model ?? '',
    provider: row.provider ?? 'gemini',
    keyId: row.keyId,
    masked: row.masked,
    status: row.status,
    dialect: row.dialect === 'gemini' ? 'gemini' : 'openai',
    streamed: row.stream === 1,
    attempts: row.attempts,
    inputTokens: row.promptTokens ?? 0,
    outputTokens: (row.outputTokens ?? 0) + (row.thoughtsTokens ?? 0),
    // Unknown (a model without a price, or embeddings): null, never a made-up $0.
    costUsd: row.costUsd,
    durationMs: Math.round(row.totalMs),
    error: row.errorClass,
  }));
}
