import type { Db } from '../store/database.js';
import { UsageRequestRepository } from '../store/usageRequests.js';
import { UsageTotalsRepository, type UsageBreakdown, type UsageTotals } from '../store/usageTotals.js';
import { unpricedModels } from './unpricedModels.js';

export type { UsageTotals } from '../store/usageTotals.js';

/**
 * A model's totals. `priced` false: the price table has no price for it, and when none of its
 * requests has a known cost, `costUsd` is null ("no price"), never 0.
 */
export type ModelUsage = { model: string | null; priced: boolean } & Omit<UsageTotals, 'costUsd'> & {
    costUsd: number | null;
  };

export interface UsageSummary extends Omit<UsageBreakdown, 'byModel'> {
  /** ISO timestamps of the window (until: exclusive; null means now). */
  since: string;
  until: string | null;
  byModel: ModelUsage[];
}

/**
 * Totals over the request log for a window: overall and per local day, model, key and client.
 * Used by `gemgate usage` and meant for the dashboard's admin API as well.
 */
export function usageSummary(db: Db, since: number, until?: number): UsageSummary {
  const breakdown = new UsageTotalsRepository(db).breakdown(since, until);
  const noPrice = new Set(unpricedModels(db, since, until).map((use) => use.model));
  return {
    since: new Date(since).toISOString(),
    until: until === undefined ? null : new Date(until).toISOString(),
    ...breakdown,
    byModel: breakdown.byModel.map((row) => {
      const priced = row.model === null || !noPrice.has(row.model);
      const unknown = !priced && row.unpriced === row.requests;
      return { ...row, priced, costUsd: unknown ? null : row.costUsd };
    }),
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
