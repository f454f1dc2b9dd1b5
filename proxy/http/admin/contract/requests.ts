/** The request log: a page of requests, one request in detail, and the values its filters take. */
import type { UsageOutcome } from '../../../usage/usageEntry.js';
import type { AttemptDetail } from '../../../usage/attemptDetail.js';

/** How a request ended: a generation's outcome, `ok` (a whole answer relayed), `failed`, or `rejected` by gemgate. */
export type RequestOutcome = UsageOutcome;

export interface RequestLogEntry {
  id: string;
  at: number;
  clientId: string | null;
  clientName: string | null;
  /** generateContent, streamGenerateContent, chat.completions, embeddings, responses, … */
  endpoint: string;
  model: string;
  /** The provider that served it (`gemini` for rows older than providers). */
  provider: string;
  keyId: string | null;
  masked: string | null;
  /** HTTP status the client got. */
  status: number;
  outcome: RequestOutcome;
  dialect: 'gemini' | 'openai' | 'anthropic';
  streamed: boolean;
  /** Upstream calls that answered, the first included: more than one means a resumed stream. */
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  /** Null when the cost is unknown (a model without a price, or embeddings): never shown as $0. */
  costUsd: number | null;
  durationMs: number;
  /** The log's short error class (`model_not_allowed`, `rate_limit_exceeded`, …). */
  error: string | null;
  /** What the client was told, word for word, when it did not end well. */
  message: string | null;
}

/** GET /admin/api/requests?client=&model=&key=&status=&limit=&before=&beforeId=, as the server reads it. */
export interface RequestLogQuery {
  /** A client token's id or name. */
  client?: string;
  model?: string;
  /** A key's id or masked form. */
  key?: string;
  /** ok: ended well; error: did not; refused: gemgate refused it before any upstream call. */
  status?: 'ok' | 'error' | 'refused';
  /** Absent: 100; at most 500. */
  limit: number;
  /** Only requests before this time (ms since the epoch), to page back: the last entry's `at`… */
  before?: number;
  /** …and its `id`, so requests of that same millisecond are neither skipped nor repeated. */
  beforeId?: number;
}

export interface RequestLogResponse {
  entries: RequestLogEntry[];
  /** Older requests match too: ask again with `before`/`beforeId` of the last entry. */
  more: boolean;
}

/**
 * One upstream call of a request, as the log keeps it (`mode`: first, continue, replay after a
 * cut, or failover: a key that answered an error), with its key and project named for people.
 */
export interface RequestAttemptView extends Omit<AttemptDetail, 'usage'> {
  /** Masked; null when the key has been removed since. */
  masked: string | null;
  /**
   * The call's project (null once removed): its Google Cloud project id, or null for a key's own
   * project (labelled with the key's masked form), or another provider's account quota; its account.
   */
  project: { gcpProject: string | null; label: string; account: string | null } | null;
  tokens: { input: number; output: number; thoughts: number } | null;
}

/** GET /admin/api/requests/:id: everything the log knows about one request (404 when pruned). */
export interface RequestDetailResponse {
  entry: RequestLogEntry;
  /** The status and, when it did not end well, the message the client got. */
  told: { status: number; message: string | null };
  /** Calls in the order they were made; empty when gemgate refused the request before any. */
  attempts: RequestAttemptView[];
  resumes: number;
  timings: { firstByteMs: number | null; totalMs: number };
  tokens: { input: number; cached: number; output: number; thoughts: number; toolPrompt: number } | null;
}

/** GET /admin/api/requests/choices: the clients, models and keys the log mentions, for its filters. */
export interface RequestChoicesResponse {
  clients: Array<{ id: string; name: string }>;
  models: string[];
  keys: Array<{ id: string; masked: string }>;
}
