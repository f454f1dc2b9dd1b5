import type { Store } from '../store/openStore.js';
import type { StoredUsageRow, UsageLogEntry, UsageLogFilter } from '../store/usageRequests.js';
import type { UsageBreakdown } from '../store/usageTotals.js';

export type { UsageTotals } from '../store/usageTotals.js';

export interface UsageSummary extends UsageBreakdown {
  /** ISO timestamps of the window (until: exclusive; null means now). */
  since: string;
  until: string | null;
}

export interface UsageLogRow {
  id: number;
  at: string;
  clientId: string | null;
  dialect: string;
  endpoint: string;
  model: string | null;
  stream: boolean;
  keyId: string | null;
  projectId: string | null;
  status: number;
  outcome: string;
  attempts: number;
  resumes: number;
  causes: string[];
  promptTokens: number | null;
  cachedTokens: number | null;
  outputTokens: number | null;
  thoughtsTokens: number | null;
  totalTokens: number | null;
  costUsd: number | null;
  ttfbMs: number | null;
  totalMs: number;
  errorClass: string | null;
}

/** The request log as `gemgate usage` and the dashboard read it. */
export class UsageQueries {
  constructor(private readonly store: Pick<Store, 'usageTotals' | 'usageRequests'>) {}

  /** Totals over a window: overall and per local day, provider, model, key and client. */
  summary(since: number, until?: number): UsageSummary {
    return {
      since: new Date(since).toISOString(),
      until: until === undefined ? null : new Date(until).toISOString(),
      ...this.store.usageTotals.breakdown(since, until),
    };
  }

  /** The latest requests, newest first (`gemgate usage --requests`). */
  recent(limit: number, since = 0): UsageLogRow[] {
    return this.store.usageRequests.latest(limit, since).map(toLogRow);
  }

  /** The latest requests through the dashboard's filters, newest first. */
  requests(filter: UsageLogFilter): UsageLogEntry[] {
    return this.store.usageRequests.log(filter);
  }
}

function toLogRow(row: StoredUsageRow): UsageLogRow {
  return {
    id: row.id,
    at: new Date(row.at).toISOString(),
    clientId: row.clientId,
    dialect: row.dialect,
    endpoint: row.endpoint,
    model: row.model,
    stream: row.stream === 1,
    keyId: row.keyId,
    projectId: row.projectId,
    status: row.status,
    outcome: row.outcome,
    attempts: row.attempts,
    resumes: row.resumes,
    causes: row.causes ? row.causes.split(',') : [],
    promptTokens: row.promptTokens,
    cachedTokens: row.cachedTokens,
    outputTokens: row.outputTokens,
    thoughtsTokens: row.thoughtsTokens,
    totalTokens: row.totalTokens,
    costUsd: row.costUsd,
    ttfbMs: row.ttfbMs,
    totalMs: row.totalMs,
    errorClass: row.errorClass,
  };
}
