import { useState } from 'react';
import type { RequestLogEntry, RequestLogResponse } from '../../../proxy/http/admin/contract';
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
    setFilter((previous) => ({ ...previous, [field]: (value || undefined) as Filter[typeof field] }));

  return (
    <Card title="Request log">
      <form
        className="form-row filters"
        aria-label="Filter the request log"
        onSubmit={(e) => e.preventDefault()}
      >
        <FilterChoice
          label="App"
          value={filter.client}
          onChange={(value) => set('client', value)}
          options={[
            { value: '', label: 'All apps' },
            ...(choices.data?.clients ?? []).map((client) => ({ value: client.id, label: client.name })),
          ]}
        />
        <FilterChoice
          label="Model"
          value={filter.model}
          onChange={(value) => set('model', value)}
          options={[
            { value: '', label: 'All models' },
            ...(choices.data?.models ?? []).map((model) => ({ value: model, label: model })),
          ]}
        />
        <FilterChoice
          label="Key"
          value={filter.key}
          onChange={(value) => set('key', value)}
          options={[
            { value: '', label: 'All keys' },
            ...(choices.data?.keys ?? []).map((key) => ({ value: key.id, label: key.masked })),
          ]}
        />
        <FilterChoice
          label="Outcome"
          value={filter.status}
          onChange={(value) => set('status', value)}
          options={OUTCOME_CHOICES}
        />
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

const OUTCOME_CHOICES = [
  { value: '', label: 'All' },
  { value: 'ok', label: 'Succeeded' },
  { value: 'error', label: 'Did not succeed' },
  { value: 'refused', label: 'Refused by gemgate' },
];

/** One filter: a choice among the values the log holds, named for the screen reader by its label alone. */
function FilterChoice(props: {
  label: string;
  value: string | undefined;
  options: Array<{ value: string; label: string }>;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <select
        aria-label={props.label}
        value={props.value ?? ''}
        onChange={(event) => props.onChange(event.target.value)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
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
