import type { Db } from './database.js';
import { toStored, type RequestRow, type StoredUsageRow } from './usageRequests.js';

/** A row of the dashboard's request list: the log row with its token's name and its key's masked form. */
export interface UsageLogEntry {
  id: number;
  at: number;
  clientId: string | null;
  clientName: string | null;
  endpoint: string;
  model: string | null;
  provider: string | null;
  keyId: string | null;
  masked: string | null;
  status: number;
  dialect: string;
  stream: number;
  attempts: number;
  promptTokens: number | null;
  outputTokens: number | null;
  thoughtsTokens: number | null;
  costUsd: number | null;
  totalMs: number;
  errorClass: string | null;
  clientMessage: string | null;
  outcome: string;
}

/** Narrows the request list; every field is optional but the limit. */
export interface UsageLogFilter {
  /** A token's id or name. */
  client?: string;
  /** A model id as logged (without `models/`). */
  model?: string;
  /** A key's id or masked form. */
  key?: string;
  /** `ok`: requests that ended well; `error`: the others; `refused`: those gemgate refused before any call. */
  status?: 'ok' | 'error' | 'refused';
  /** Only requests that arrived before this instant (epoch ms): pages back through older ones. */
  before?: number;
  /** With `before`: also the requests of that very instant logged before this row id. */
  beforeId?: number;
  limit: number;
}

/** A request as its detail shows it: the whole row, with its token's name. */
export type UsageLogDetail = StoredUsageRow & { clientName: string | null };

/** The values the request list can be narrowed to: those the log holds. */
export interface UsageLogChoices {
  clients: Array<{ id: string; name: string | null }>;
  models: string[];
  keys: Array<{ id: string; masked: string | null }>;
}

/** What each key did in a window: requests served, failed, and the last one that ended well. */
export interface KeyActivity {
  keyId: string;
  requests: number;
  failed: number;
  lastOkAt: number | null;
}

interface LogRow {
  id: number;
  at: number;
  client_id: string | null;
  client_name: string | null;
  endpoint: string;
  model: string | null;
  provider: string | null;
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
  client_message: string | null;
  outcome: string;
}

/** The request log as the dashboard reads it: a page of requests, one request whole, the choices. */
export class RequestLogRepository {
  constructor(private readonly db: Db) {}

  /**
   * The latest requests, newest first, narrowed by client (id or name), model, key (id or masked
   * form) and outcome; `before` (and `beforeId`) page back through older ones.
   */
  page(filter: UsageLogFilter): UsageLogEntry[] {
    const where: string[] = [];
    const params: Record<string, string | number> = { limit: filter.limit };
    if (filter.client) {
      where.push('(u.client_id = @client OR t.name = @client)');
      params.client = filter.client;
    }
    if (filter.model) {
      where.push('u.model = @model');
      params.model = filter.model;
    }
    if (filter.key) {
      where.push('(u.key_id = @key OR k.masked = @key)');
      params.key = filter.key;
    }
    if (filter.status === 'ok') where.push('u.error_class IS NULL');
    if (filter.status === 'error') where.push('u.error_class IS NOT NULL');
    if (filter.status === 'refused') where.push("u.outcome = 'rejected'");
    if (filter.before !== undefined) {
      params.before = filter.before;
      if (filter.beforeId === undefined) where.push('u.at < @before');
      else {
        where.push('(u.at < @before OR (u.at = @before AND u.id < @beforeId))');
        params.beforeId = filter.beforeId;
      }
    }
    const rows = this.db
      .prepare(
        `SELECT u.id, u.at, u.client_id, t.name AS client_name, u.endpoint, u.model, u.provider, u.key_id, k.masked,
                u.status, u.dialect, u.stream, u.attempts, u.prompt_tokens, u.output_tokens, u.thoughts_tokens,
                u.cost_usd, u.total_ms, u.error_class, u.client_message, u.outcome
         FROM usage_requests u
         LEFT JOIN client_tokens t ON t.id = u.client_id
         LEFT JOIN keys k ON k.id = u.key_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY u.at DESC, u.id DESC LIMIT @limit`,
      )
      .all(params) as LogRow[];
    return rows.map((row) => ({
      id: row.id,
      at: row.at,
      clientId: row.client_id,
      clientName: row.client_name,
      endpoint: row.endpoint,
      model: row.model,
      provider: row.provider,
      keyId: row.key_id,
      masked: row.masked,
      status: row.status,
      dialect: row.dialect,
      stream: row.stream,
      attempts: row.attempts,
      promptTokens: row.prompt_tokens,
      outputTokens: row.output_tokens,
      thoughtsTokens: row.thoughts_tokens,
      costUsd: row.cost_usd,
      totalMs: row.total_ms,
      errorClass: row.error_class,
      clientMessage: row.client_message,
      outcome: row.outcome,
    }));
  }

  /** One request, whole; undefined when the log has no such row (pruned, or never). */
  get(id: number): UsageLogDetail | undefined {
    const row = this.db
      .prepare(
        `SELECT u.*, t.name AS client_name FROM usage_requests u
         LEFT JOIN client_tokens t ON t.id = u.client_id WHERE u.id = ?`,
      )
      .get(id) as (RequestRow & { client_name: string | null }) | undefined;
    return row && { ...toStored(row), clientName: row.client_name };
  }

  /** Every client, model and key the log mentions, for the list's filters. */
  choices(): UsageLogChoices {
    const clients = this.db
      .prepare(
        `SELECT DISTINCT u.client_id AS id, t.name AS name FROM usage_requests u
         LEFT JOIN client_tokens t ON t.id = u.client_id WHERE u.client_id IS NOT NULL ORDER BY t.name, u.client_id`,
      )
      .all() as Array<{ id: string; name: string | null }>;
    const models = (
      this.db
        .prepare('SELECT DISTINCT model FROM usage_requests WHERE model IS NOT NULL ORDER BY model')
        .all() as Array<{ model: string }>
    ).map((row) => row.model);
    const keys = this.db
      .prepare(
        `SELECT DISTINCT u.key_id AS id, k.masked AS masked FROM usage_requests u
         LEFT JOIN keys k ON k.id = u.key_id WHERE u.key_id IS NOT NULL ORDER BY k.masked, u.key_id`,
      )
      .all() as Array<{ id: string; masked: string | null }>;
    return { clients, models, keys };
  }

  /**
   * Per key, the requests it answered since `since`, how many of them failed, and its last good
   * answer since `lookBack` (earlier than `since`): only that window of the log is read.
   */
  keyActivity(since: number, lookBack: number): KeyActivity[] {
    return this.db
      .prepare(
        `SELECT key_id AS keyId,
                COALESCE(SUM(at >= @since), 0) AS requests,
                COALESCE(SUM(at >= @since AND error_class IS NOT NULL), 0) AS failed,
                MAX(CASE WHEN error_class IS NULL THEN at END) AS lastOkAt
         FROM usage_requests WHERE at >= @lookBack AND key_id IS NOT NULL GROUP BY key_id`,
      )
      .all({ since, lookBack: Math.min(since, lookBack) }) as KeyActivity[];
  }
}
