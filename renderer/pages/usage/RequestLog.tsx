import { useState } from 'react';
import type {
  RequestLogEntry,
  RequestLogQuery,
  RequestLogResponse,
} from '../../../proxy/http/admin/contract';
import { api, errorMessage, type RequestLogFilter } from '../../api/client';
import { useResource } from '../../api/useResource';
import { Badge, Card, ErrorNotice, Loading } from '../../components/ui';
import { formatCost, formatDuration, formatInt, formatLogTime, formatTime } from '../../format';
import { OUTCOMES } from './describeAttempt';
import { RequestDetail } from './RequestDetail';

const PAGE = 50;

type Filter = Pick<RequestLogFilter, 'client' | 'model' | 'key' | 'status'>;

/**
 * Every request, newest first: filtered by values the log holds (chosen, not typed), paged back 50
 * at a time, each row opening what happened to it.
 */
export function RequestLog() {
  const [filter, setFilter] = useState<Filter>({});
  const choices = useResource(api.requestChoices, ['usage']);
  const first = useResource(() => api.requests({ ...filter, limit: PAGE }), ['usage'], [filter]);
  // Older pages, fetched on demand, belong to the first page they followed: a new first page (a
  // filter, a new request) starts them afresh.
  const [older, setOlder] = useState<{
    after: RequestLogResponse;
    entries: RequestLogEntry[];
    more: boolean;
  }>();
  const [pageError, setPageError] = useState<string>();
  const [open, setOpen] = useState<string>();
  const ours = older && older.after === first.data ? older : undefined;

  const entries = [...(first.data?.entries ?? []), ...(ours?.entries ?? [])];
  const hasMore = ours ? ours.more : (first.data?.more ?? false);
  const loadOlder = async () => {
    const last = entries.at(-1);
    if (!last) return;
    try {
      const after = first.data!;
      const page = await api.requests({ ...filter, limit: PAGE, before: last.at, beforeId: Number(last.id) });
      setOlder({ after, entries: [...(ours?.entries ?? []), ...page.entries], more: page.more });
      setPageError(undefined);
    } catch (failure) {
      setPageError(errorMessage(failure));
    }
  };
  const set = (field: keyof Filter, value: string) =>
    setFilter((previous) => ({ ...previous, [field]: value || undefined }));

  return (
    <Card title="Request log">
      <form
        className="form-row filters"
        aria-label="Filter the request log"
        onSubmit={(e) => e.preventDefault()}
      >
        <label>
          App
          <select
            aria-label="App"
            value={filter.client ?? ''}
            onChange={(event) => set('client', event.target.value)}
          >
            <option value="">All apps</option>
            {(choices.data?.clients ?? []).map((client) => (
              <option key={client.id} value={client.id}>
                {client.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Model
          <select
            aria-label="Model"
            value={filter.model ?? ''}
            onChange={(event) => set('model', event.target.value)}
          >
            <option value="">All models</option>
            {(choices.data?.models ?? []).map((model) => (
              <option key={model} value={model}>
                {model}
              </option>
            ))}
          </select>
        </label>
        <label>
          Key
          <select
            aria-label="Key"
            value={filter.key ?? ''}
            onChange={(event) => set('key', event.target.value)}
          >
            <option value="">All keys</option>
            {(choices.data?.keys ?? []).map((key) => (
              <option key={key.id} value={key.id}>
                {key.masked}
              </option>
            ))}
          </select>
        </label>
        <label>
          Outcome
          <select
            aria-label="Outcome"
            value={filter.status ?? ''}
            onChange={(event) => set('status', event.target.value as RequestLogQuery['status'] & string)}
          >
            <option value="">All</option>
            <option value="ok">Succeeded</option>
            <option value="error">Did not succeed</option>
            <option value="refused">Refused by gemgate</option>
          </select>
        </label>
      </form>
      <ErrorNotice message={first.error ?? pageError} />
      {!first.data ? (
        <Loading />
      ) : entries.length === 0 ? (
        <p className="muted">No requests match.</p>
      ) : (
        <>
          <RequestTable entries={entries} onOpen={setOpen} />
          <p className="muted small" role="status">
            {formatInt(entries.length)} request{entries.length === 1 ? '' : 's'} shown
            {hasMore ? '; older ones match too.' : '; that is all.'}
          </p>
          {hasMore && (
            <button type="button" className="button-small" onClick={() => void loadOlder()}>
              Show {PAGE} older requests
            </button>
          )}
        </>
      )}
      {open && <RequestDetail id={open} onClose={() => setOpen(undefined)} />}
    </Card>
  );
}

function RequestTable({ entries, onOpen }: { entries: RequestLogEntry[]; onOpen: (id: string) => void }) {
  return (
    <table className="table stack-table request-table" data-testid="request-log">
      <caption className="visually-hidden">Requests, newest first; open one to see what happened</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">App</th>
          <th scope="col">Model</th>
          <th scope="col">Outcome</th>
          <th scope="col">Tokens in / out</th>
          <th scope="col">Cost</th>
          <th scope="col">Duration</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id} data-request-id={entry.id}>
            <td data-label="Time">
              <button
                type="button"
                className="link-button"
                onClick={() => onOpen(entry.id)}
                aria-label={`Open request of ${formatTime(entry.at)}, ${entry.model}, ${entry.status}`}
              >
                {formatLogTime(entry.at)}
              </button>
            </td>
            <td data-label="App">{entry.clientName ?? '—'}</td>
            <td data-label="Model">
              {entry.provider === 'gemini' ? entry.model : `${entry.provider}/${entry.model}`}
            </td>
            <td data-label="Outcome">
              <Badge tone={entry.status < 400 && !entry.error ? 'good' : 'bad'}>
                {entry.status} {OUTCOMES[entry.outcome] ?? entry.outcome}
              </Badge>
              {entry.attempts > 1 && <span className="muted small"> resumed</span>}
              {entry.message && <div className="small request-message">{entry.message}</div>}
            </td>
            <td data-label="Tokens in / out">
              {entry.costUsd === null && entry.inputTokens + entry.outputTokens === 0
                ? 'not reported'
                : `${formatInt(entry.inputTokens)} / ${formatInt(entry.outputTokens)}`}
            </td>
            <td data-label="Cost">{formatCost(entry.costUsd)}</td>
            <td data-label="Duration">{formatDuration(entry.durationMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
