import type { Db } from './database.js';

export interface UsageTotals {
  requests: number;
  /** Requests that did not end well (rejected, failed, incomplete, aborted). */
  errors: number;
  promptTokens: number;
  cachedTokens: number;
  outputTokens: number;
  thoughtsTokens: number;
  costUsd: number;
  /** Requests whose cost is unknown (a model without a price, or embeddings, which report no tokens): not in costUsd. */
  unpriced: number;
}

/** Totals over a window of the request log: overall and per local day, provider, model, key and client. */
export interface UsageBreakdown {
  total: UsageTotals;
  byDay: Array<{ day: string } & UsageTotals>;
  /** Rows logged before providers existed were all Gemini's, and count as such. */
  byProvider: Array<{ provider: string } & UsageTotals>;
  byModel: Array<{ model: string | null } & UsageTotals>;
  byKey: Array<{ keyId: string | null; masked: string | null } & UsageTotals>;
  byClient: Array<{ clientId: string | null; name: string | null } & UsageTotals>;
  /** Each client's use of each model: which app spends on what. */
  byClientModel: Array<{ clientId: string | null; name: string | null; model: string | null } & UsageTotals>;
}

/** A model requests named, with its provider (rows older than providers count as Gemini's). */
export interface ModelUse {
  provider: string;
  model: string;
  requests: number;
  lastAt: number;
}

/** One client's spend on one local day, over the requests whose cost is known. */
export interface ClientDaySpend {
  clientId: string;
  day: string;
  usd: number;
}

const TOTALS = `COUNT(*) AS requests,
  COALESCE(SUM(u.error_class IS NOT NULL), 0) AS errors,
  COALESCE(SUM(u.prompt_tokens), 0) AS promptTokens,
  COALESCE(SUM(u.cached_tokens), 0) AS cachedTokens,
  COALESCE(SUM(u.output_tokens), 0) AS outputTokens,
  COALESCE(SUM(u.thoughts_tokens), 0) AS thoughtsTokens,
  COALESCE(SUM(u.cost_usd), 0) AS costUsd,
  COALESCE(SUM(u.cost_usd IS NULL), 0) AS unpriced`;

/** The requests that arrived in [@since, @until). */
const WINDOW = 'WHERE u.at >= @since AND u.at < @until';

/** Sums over the request log (`usage_requests`), for reports, the status line and spend limits. */
export class UsageTotalsRepository {
  // The dashboard asks for today's totals each time it refreshes: prepared once.
  private readonly totalIn;

  constructor(private readonly db: Db) {
    this.totalIn = db.prepare(`SELECT ${TOTALS} FROM usage_requests u ${WINDOW}`);
  }

  /** Totals of the requests that arrived in [since, until), all together. */
  total(since: number, until = Number.MAX_SAFE_INTEGER): UsageTotals {
    return this.totalIn.get({ since, until }) as UsageTotals;
  }

  /** Totals of the requests that arrived in [since, until); groups by cost, then count, largest first. */
  breakdown(since: number, until = Number.MAX_SAFE_INTEGER): UsageBreakdown {
    const params = { since, until };
    const all = <T>(sql: string) => this.db.prepare(sql).all(params) as T[];
    return {
      total: this.total(since, until),
      byDay: all(
        `SELECT u.day AS day, ${TOTALS} FROM usage_requests u ${WINDOW} GROUP BY u.day ORDER BY u.day`,
      ),
      byProvider: all(
        `SELECT COALESCE(u.provider, 'gemini') AS provider, ${TOTALS} FROM usage_requests u ${WINDOW}
         GROUP BY COALESCE(u.provider, 'gemini') ORDER BY costUsd DESC, requests DESC`,
      ),
      byModel: all(
        `SELECT u.model AS model, ${TOTALS} FROM usage_requests u ${WINDOW} GROUP BY u.model ORDER BY costUsd DESC, requests DESC`,
      ),
      byKey: all(
        `SELECT u.key_id AS keyId, k.masked AS masked, ${TOTALS} FROM usage_requests u
         LEFT JOIN keys k ON k.id = u.key_id ${WINDOW} GROUP BY u.key_id ORDER BY costUsd DESC, requests DESC`,
      ),
      byClient: all(
        `SELECT u.client_id AS clientId, t.name AS name, ${TOTALS} FROM usage_requests u
         LEFT JOIN client_tokens t ON t.id = u.client_id ${WINDOW} GROUP BY u.client_id ORDER BY costUsd DESC, requests DESC`,
      ),
      byClientModel: all(
        `SELECT u.client_id AS clientId, t.name AS name, u.model AS model, ${TOTALS} FROM usage_requests u
         LEFT JOIN client_tokens t ON t.id = u.client_id ${WINDOW}
         GROUP BY u.client_id, u.model ORDER BY costUsd DESC, requests DESC`,
      ),
    };
  }

  /** Requests and cost (unknown costs as zero) logged on one local day (YYYY-MM-DD). */
  day(day: string): { requests: number; costUsd: number } {
    const row = this.db
      .prepare(
        'SELECT COUNT(*) AS requests, COALESCE(SUM(cost_usd), 0) AS usd FROM usage_requests WHERE day = ?',
      )
      .get(day) as { requests: number; usd: number };
    return { requests: row.requests, costUsd: row.usd };
  }

  /** The models requests named in [since, until), per provider, with how many and when last. */
  modelsUsed(since: number, until = Number.MAX_SAFE_INTEGER): ModelUse[] {
    return this.db
      .prepare(
        `SELECT COALESCE(provider, 'gemini') AS provider, model, COUNT(*) AS requests, MAX(at) AS lastAt
         FROM usage_requests WHERE at >= ? AND at < ? AND model IS NOT NULL
         GROUP BY COALESCE(provider, 'gemini'), model ORDER BY requests DESC, model`,
      )
      .all(since, until) as ModelUse[];
  }

  /** Each client's known spend per local day, from `fromDay` (YYYY-MM-DD) on. */
  clientSpendByDay(fromDay: string): ClientDaySpend[] {
    const rows = this.db
      .prepare(
        `SELECT client_id, day, SUM(cost_usd) AS usd FROM usage_requests
         WHERE client_id IS NOT NULL AND day >= ? AND cost_usd IS NOT NULL GROUP BY client_id, day`,
      )
      .all(fromDay) as Array<{ client_id: string; day: string; usd: number }>;
    return rows.map((row) => ({ clientId: row.client_id, day: row.day, usd: row.usd }));
  }
}
