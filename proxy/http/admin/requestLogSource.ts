import type { Store } from '../../store/openStore.js';
import type { UsageLogEntry } from '../../store/requestLog.js';
import type { StoredUsageRow } from '../../store/usageRequests.js';
import { parseAttemptDetail } from '../../usage/attemptDetail.js';
import type { RequestLogSource } from './adminContext.js';
import type {
  RequestAttemptView,
  RequestDetailResponse,
  RequestLogEntry,
  RequestLogQuery,
  RequestOutcome,
} from './contract.js';

/**
 * The request log as the dashboard reads it: pages of requests through filters, one request with
 * every call it made (keys and projects named for people), the values the filters can take, and
 * what each key did lately.
 */
export function requestLogSource(store: Store): RequestLogSource {
  const log = store.requestLog;
  return {
    page(query: RequestLogQuery) {
      const rows = log.page({
        ...query,
        ...(query.model ? { model: query.model.replace(/^models\//, '') } : {}),
        // One more than asked says whether there are older ones.
        limit: query.limit + 1,
      });
      return { entries: rows.slice(0, query.limit).map(entryOf), more: rows.length > query.limit };
    },
    detail(id) {
      const row = Number.isSafeInteger(id) ? log.get(id) : undefined;
      return row && detailOf(store, row);
    },
    choices() {
      const { clients, models, keys } = log.choices();
      return {
        clients: clients.map((client) => ({ id: client.id, name: client.name ?? client.id })),
        models,
        keys: keys.map((key) => ({ id: key.id, masked: key.masked ?? key.id })),
      };
    },
    keyActivity(since, lookBack) {
      return new Map(log.keyActivity(since, lookBack).map((activity) => [activity.keyId, activity]));
    },
  };
}

function entryOf(row: UsageLogEntry): RequestLogEntry {
  return {
    id: String(row.id),
    at: row.at,
    clientId: row.clientId,
    clientName: row.clientName,
    endpoint: row.endpoint,
    model: row.model ?? '',
    provider: row.provider ?? 'gemini',
    keyId: row.keyId,
    masked: row.masked,
    status: row.status,
    outcome: row.outcome as RequestOutcome,
    dialect: row.dialect === 'gemini' || row.dialect === 'anthropic' ? row.dialect : 'openai',
    streamed: row.stream === 1,
    attempts: row.attempts,
    inputTokens: row.promptTokens ?? 0,
    outputTokens: (row.outputTokens ?? 0) + (row.thoughtsTokens ?? 0),
    costUsd: row.costUsd,
    durationMs: Math.round(row.totalMs),
    error: row.errorClass,
    message: row.clientMessage,
  };
}

function detailOf(store: Store, row: StoredUsageRow & { clientName: string | null }): RequestDetailResponse {
  const masked = row.keyId ? (store.keys.get(row.keyId)?.masked ?? null) : null;
  const entry = entryOf({ ...row, masked, clientMessage: row.clientMessage });
  const logged = parseAttemptDetail(row.attemptDetail);
  // Rows older than a column for every request kept a lone call only as the row's key.
  const calls =
    logged.length === 0 && row.keyId && row.attempts > 0
      ? [{ keyId: row.keyId, projectId: row.projectId, mode: 'first' as const }]
      : logged;
  const attempts = calls.map(({ usage, ...attempt }): RequestAttemptView => {
    const project = attempt.projectId ? store.projects.get(attempt.projectId) : undefined;
    const account = project ? store.accounts.get(project.accountId) : undefined;
    return {
      ...attempt,
      masked: store.keys.get(attempt.keyId)?.masked ?? null,
      project: project
        ? { gcpProject: project.gcpProject, label: project.label, account: account?.label ?? null }
        : null,
      tokens: usage
        ? { input: usage.prompt + usage.toolPrompt, output: usage.candidates, thoughts: usage.thoughts }
        : null,
    };
  });
  const counted = row.promptTokens !== null || row.outputTokens !== null;
  return {
    entry,
    told: { status: row.status, message: row.clientMessage },
    attempts,
    resumes: row.resumes,
    timings: {
      firstByteMs: row.ttfbMs === null ? null : Math.round(row.ttfbMs),
      totalMs: Math.round(row.totalMs),
    },
    tokens: counted
      ? {
          input: row.promptTokens ?? 0,
          cached: row.cachedTokens ?? 0,
          output: row.outputTokens ?? 0,
          thoughts: row.thoughtsTokens ?? 0,
          toolPrompt: row.toolPromptTokens ?? 0,
        }
      : null,
  };
}
