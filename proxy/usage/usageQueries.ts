import type { Db } from '../store/database.js';
import { UsageRequestRepository } from '../store/usageRequests.js';
import { UsageTotalsRepository, type UsageBreakdown } from '../store/usageTotals.js';

export type { UsageTotals } from '../store/usageTotals.js';

export interface UsageSummary extends UsageBreakdown {
  /** ISO timestamps of the window (until: exclusive; null means now). */
  since: string;
  until: string | null;
}

/**
 * Totals over the request log for a window: overall and per local day, model, key and client.
 * Used by `gemgate usage` and meant for the dashboard's admin API as well.
 */
export function usageSummary(db: Db, since: number, until?: number): UsageSummary {
  return {
    since: new Date(since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
    ...new UsageTotalsRepository(db).breakdown(since, until),
  };
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

/** The latest requests, newest first (for `gemgate usage --requests` and the dashboard). */
export function recentRequests(db: Db, limit: number, since = 0): UsageLogRow[] {
  return new UsageRequestRepository(db).latest(limit, since).map((row) => ({
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
  }));
}
