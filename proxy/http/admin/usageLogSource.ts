import type { Db } from '../../store/database.js';
import type { RequestLogQuery, UsageQuery, UsageSource } from './adminContext.js';
import type { RequestLogEntry, UsageRow, UsageTotals } from './contract.js';
import { usageSummary, type UsageTotals as LogTotals } from '../../usage/usageQueries.js';
import { localDay, nextLocalMidnight, startOfLocalDay } from '../../usage/calendar.js';

/** Days shown when the page asks for no window: the last 30, today included. */
const DEFAULT_DAYS = 30;

/**
 * The request log (issue 6's usage_requests table) as the dashboard reads it: totals for today,
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
          : query.by === 'model'
            ? summary.byModel.map((row) => ({
                group: row.model ?? '',
                label: row.model ?? '(none)',
                ...totals(row),
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
  };
}

interface LogRow {
  id: number;
  at: number;
  client_id: string | null;
  client_name: string | null;
  model: string | null;
  key_id: string | null;
  masked: string | null;
  status: number;
  dialect: string;
  stream: number;
  attempts: number;
  prompt_tokens: number | null;
  output_tokens: number | null;
  thoughts_tokens: number | null;
  cost_usd: number | null;
  total_ms: number;
  error_class: string | null;
  outcome: string;
}

/**
 * The latest requests, newest first, narrowed by client (id or name), model, key (id or masked
 * form) and outcome; `before` pages back through older ones.
 */
export function requestLog(db: Db, query: RequestLogQuery): RequestLogEntry[] {
  const where: string[] = [];
  const params: Record<string, string | number> = { limit: query.limit };
  if (query.client) {
    where.push('(u.client_id = @client OR t.name = @client)');
    params.client = query.client;
  }
  if (query.model) {
    where.push('u.model = @model');
    params.model = query.model.replace(/^models\//, '');
  }
  if (query.key) {
    where.push('(u.key_id = @key OR k.masked = @key)');
    params.key = query.key;
  }
  if (query.status === 'ok') where.push('u.error_class IS NULL');
  if (query.status === 'error') where.push('u.error_class IS NOT NULL');
  if (query.before !== undefined) {
    where.push('u.at < @before');
    params.before = query.before;
  }
  const rows = db
    .prepare(
      `SELECT u.id, u.at, u.client_id, t.name AS client_name, u.model, u.key_id, k.masked, u.status, u.dialect,
              u.stream, u.attempts, u.prompt_tokens, u.output_tokens, u.thoughts_tokens, u.cost_usd, u.total_ms,
              u.error_class, u.outcome
       FROM usage_requests u
       LEFT JOIN client_tokens t ON t.id = u.client_id
       LEFT JOIN keys k ON k.id = u.key_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY u.at DESC, u.id DESC LIMIT @limit`,
    )
    .all(params) as LogRow[];
  return rows.map((row) => ({
    id: String(row.id),
    at: row.at,
    clientId: row.client_id,
    clientName: row.client_name,
    model: row.model ?? '',
    keyId: row.key_id,
    masked: row.masked,
    status: row.status,
    dialect: row.dialect === 'gemini' ? 'gemini' : 'openai',
    streamed: row.stream === 1,
    attempts: row.attempts,
    inputTokens: row.prompt_tokens ?? 0,
    outputTokens: (row.output_tokens ?? 0) + (row.thoughts_tokens ?? 0),
    costUsd: row.cost_usd ?? 0,
    durationMs: Math.round(row.total_ms),
    error: row.error_class,
  }));
}
