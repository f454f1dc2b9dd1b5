import type { Store } from '../store/openStore.js';
import type { StoredUsageRow } from '../store/usageRequests.js';
import type { ModelUse, UsageBreakdown, UsageTotals } from '../store/usageTotals.js';
import type { PriceTable } from './priceTable.js';
import { findPrice } from './modelPrice.js';
import { priceKey } from './providerPrices.js';

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

/** The request log as `gemgate usage` and the dashboard read it, priced by the one price table. */
export class UsageQueries {
  constructor(
    private readonly store: Pick<Store, 'usageTotals' | 'usageRequests'>,
    private readonly prices: Pick<PriceTable, 'effective'>,
  ) {}

  /**
   * Totals over a window: overall and per local day, provider, model, key and client. `unpriced`:
   * the window's `unpriced(since, until)`, for a caller that has it already.
   */
  summary(since: number, until?: number, unpriced = this.unpriced(since, until)): UsageSummary {
    const breakdown = this.store.usageTotals.breakdown(since, until);
    const noPrice = new Set(unpriced.map((use) => use.model));
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

  /**
   * The models requests used in a window that the price table (shipped prices and the user's) has
   * no price for, most used first: their costs are unknown, shown as "no price", never $0, until
   * the user prices them (`gemgate prices set`).
   */
  unpriced(since: number, until?: number): ModelUse[] {
    const prices = this.prices.effective();
    return this.store.usageTotals
      .modelsUsed(since, until)
      .filter((use) => !findPrice(prices, priceKey(use.provider, use.model)));
  }

  /** The latest requests, newest first (`gemgate usage --requests`). */
  recent(limit: number, since = 0): UsageLogRow[] {
    return this.store.usageRequests.latest(limit, since).map(toLogRow);
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
