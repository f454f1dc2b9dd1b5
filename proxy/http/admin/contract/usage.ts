/** Usage and cost over a window, grouped. */

export interface UsageTotals {
  requests: number;
  /** Requests that did not end well (refused, failed, incomplete). */
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Thinking tokens, billed as output. */
  thoughtTokens: number;
  /** Over the requests whose cost is known. */
  costUsd: number;
  /**
   * Requests whose cost is unknown and not in `costUsd`: a model without a price, or embeddings
   * (Gemini bills them but reports no tokens). A total with some shows "no price" beside its cost.
   */
  unpriced: number;
}

/** `client-model`: one row per app and model it used. */
export type UsageGroup = 'day' | 'provider' | 'model' | 'key' | 'client' | 'client-model';

export interface UsageRow extends Omit<UsageTotals, 'costUsd'> {
  /** Null on a row none of whose requests has a known cost: a model without a price ("no price"). */
  costUsd: number | null;
  /** The day (YYYY-MM-DD), provider name, model name, key id, client token id, or `client id|model`. */
  group: string;
  /** What to show: the masked key or the client's name where the group is an id ("phone · gemini-2.5-pro"). */
  label: string;
  /** By model: false when the price table has no price for the model (show "no price", never $0). */
  priced?: boolean;
}

/** GET /admin/api/usage?by=…&since=YYYY-MM-DD&until=YYYY-MM-DD, as the server reads it. */
export interface UsageQuery {
  /** Absent: by day. */
  by: UsageGroup;
  /** Local calendar days, YYYY-MM-DD, both included; absent since: the last 30 days. */
  since?: string;
  until?: string;
}

export interface UsageResponse {
  by: UsageGroup;
  rows: UsageRow[];
  totals: UsageTotals;
}
