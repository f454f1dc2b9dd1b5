/** Usage and cost over a window, grouped; the request log. */

export interface UsageTotals {
  requests: number;
  /** Requests that did not end well (refused, failed, incomplete). */
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Thinking tokens, billed as output. */
  thoughtTokens: number;
  costUsd: number;
}

export type UsageGroup = 'day' | 'provider' | 'model' | 'key' | 'client';

export interface UsageRow extends UsageTotals {
  /** The day (YYYY-MM-DD), provider name, model name, key id or client token id. */
  group: string;
  /** What to show: the masked key or the client's name where the group is an id. */
  label: string;
}

/** GET /admin/api/usage?by=day|provider|model|key|client&since=YYYY-MM-DD&until=YYYY-MM-DD, as the server reads it. */
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

export interface RequestLogEntry {
  id: string;
  at: number;
  clientId: string | null;
  clientName: string | null;
  model: string;
  /** The provider that served it (`gemini` for rows older than providers). */
  provider: string;
  keyId: string | null;
  masked: string | null;
  /** HTTP status the client got. */
  status: number;
  dialect: 'gemini' | 'openai';
  streamed: boolean;
  /** Upstream attempts, the first included: more than one means failover or a resumed stream. */
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  durationMs: number;
  error: string | null;
}

/** GET /admin/api/requests?client=&model=&key=&status=ok|error&limit=&before=, as the server reads it. */
export interface RequestLogQuery {
  /** A client token's id or name. */
  client?: string;
  model?: string;
  /** A key's id or masked form. */
  key?: string;
  status?: 'ok' | 'error';
  /** Absent: 100; at most 500. */
  limit: number;
  /** Only requests before this time (ms since the epoch), to page back. */
  before?: number;
}

export interface RequestLogResponse {
  entries: RequestLogEntry[];
}
