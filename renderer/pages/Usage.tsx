import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RequestLogEntry, UsageGroup, UsageRow } from '../../proxy/http/admin/contract';
import { api, type RequestLogFilter } from '../api/client';
import { useResource } from '../api/useResource';
import { Badge, Card, ErrorNotice, Loading, PageHeader, Stat } from '../components/ui';
import { formatCompact, formatInt, formatTime, formatUsd } from '../format';

const GROUPS: Array<{ by: UsageGroup; label: string }> = [
  { by: 'day', label: 'By day' },
  { by: 'provider', label: 'By provider' },
  { by: 'model', label: 'By model' },
  { by: 'key', label: 'By key' },
  { by: 'client', label: 'By client' },
];

type Metric = 'tokens' | 'cost';

/** Fixed mid-tone colours that read on both the light and the dark background. */
const COLORS = { input: '#4f8ef7', output: '#f29d38', thought: '#a77bf3', cost: '#2fb380' };

/** A local calendar day, YYYY-MM-DD, as the usage log counts days. */
function localDay(offsetDays: number): string {
  const date = new Date();
  date.setDate(date.getDate() + offsetDays);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function Usage() {
  const [by, setBy] = useState<UsageGroup>('day');
  const [metric, setMetric] = useState<Metric>('tokens');
  const since = localDay(-29);
  const usage = useResource(() => api.usage(by, since), ['usage'], [by, since]);
  // While another grouping loads, the old one's rows would be drawn under the new heading: wait.
  const shown = usage.data?.by === by ? usage.data : undefined;

  return (
    <>
      <PageHeader title="Usage">Tokens and cost over the last 30 days, and every request.</PageHeader>
      <Card
        title="Tokens and cost"
        actions={
          <div className="segmented" role="group" aria-label="Metric">
            {(['tokens', 'cost'] as const).map((value) => (
              <button
                key={value}
                type="button"
                aria-pressed={metric === value}
                onClick={() => setMetric(value)}
              >
                {value === 'tokens' ? 'Tokens' : 'Cost'}
              </button>
            ))}
          </div>
        }
      >
        <div className="segmented" role="group" aria-label="Group by">
          {GROUPS.map((group) => (
            <button
              key={group.by}
              type="button"
              aria-pressed={by === group.by}
              onClick={() => setBy(group.by)}
            >
              {group.label}
            </button>
          ))}
        </div>
        <ErrorNotice message={usage.error} />
        {!shown ? (
          <Loading />
        ) : (
          <>
            <div className="stats">
              <Stat
                label="Requests"
                value={<span data-testid="usage-requests">{formatInt(shown.totals.requests)}</span>}
              />
              <Stat label="Input tokens" value={formatCompact(shown.totals.inputTokens)} />
              <Stat label="Output tokens" value={formatCompact(shown.totals.outputTokens)} />
              <Stat label="Thinking tokens" value={formatCompact(shown.totals.thoughtTokens)} />
              <Stat label="Cost" value={formatUsd(shown.totals.costUsd)} />
            </div>
            <UsageChart rows={shown.rows} metric={metric} by={by} />
          </>
        )}
      </Card>
      <RequestLog />
    </>
  );
}

function UsageChart({ rows, metric, by }: { rows: UsageRow[]; metric: Metric; by: UsageGroup }) {
  if (rows.length === 0) return <p className="muted">No requests in this period yet.</p>;
  const data = rows.map((row) => ({ ...row, name: row.label }));
  return (
    <figure
      className="chart"
      aria-label={`${metric === 'tokens' ? 'Tokens' : 'Cost'} by ${by}`}
      data-testid="usage-chart"
    >
      <ResponsiveContainer width="100%" height={280}>
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }} maxBarSize={64}>
          <CartesianGrid strokeDasharray="3 3" className="chart-grid" />
          <XAxis dataKey="name" />
          <YAxis
            tickFormatter={(value: number) => (metric === 'cost' ? formatUsd(value) : formatCompact(value))}
            width={70}
          />
          <Tooltip
            formatter={(value) => (metric === 'cost' ? formatUsd(Number(value)) : formatInt(Number(value)))}
          />
          <Legend />
          {metric === 'tokens' ? (
            <>
              <Bar
                dataKey="inputTokens"
                name="Input"
                stackId="tokens"
                fill={COLORS.input}
                isAnimationActive={false}
              />
              <Bar
                dataKey="outputTokens"
                name="Output"
                stackId="tokens"
                fill={COLORS.output}
                isAnimationActive={false}
              />
              <Bar
                dataKey="thoughtTokens"
                name="Thinking"
                stackId="tokens"
                fill={COLORS.thought}
                isAnimationActive={false}
              />
            </>
          ) : (
            <Bar dataKey="costUsd" name="Cost (USD)" fill={COLORS.cost} isAnimationActive={false} />
          )}
        </BarChart>
      </ResponsiveContainer>
      <figcaption className="visually-hidden">
        {rows
          .map(
            (row) =>
              `${row.label}: ${metric === 'cost' ? formatUsd(row.costUsd) : formatInt(row.inputTokens + row.outputTokens + row.thoughtTokens)}`,
          )
          .join('; ')}
      </figcaption>
    </figure>
  );
}

function RequestLog() {
  const [draft, setDraft] = useState<RequestLogFilter>({});
  const [filter, setFilter] = useState<RequestLogFilter>({});
  const log = useResource(() => api.requests({ ...filter, limit: 100 }), ['usage'], [filter]);
  const apply = () => setFilter(draft);
  return (
    <Card title="Request log">
      <form
        className="form-row filters"
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <label>
          Client
          <input
            value={draft.client ?? ''}
            onChange={(event) => setDraft({ ...draft, client: event.target.value })}
          />
        </label>
        <label>
          Model
          <input
            value={draft.model ?? ''}
            onChange={(event) => setDraft({ ...draft, model: event.target.value })}
          />
        </label>
        <label>
          Key id
          <input
            value={draft.key ?? ''}
            onChange={(event) => setDraft({ ...draft, key: event.target.value })}
          />
        </label>
        <label>
          Outcome
          <select
            value={draft.status ?? ''}
            onChange={(event) =>
              setDraft({ ...draft, status: (event.target.value || undefined) as RequestLogFilter['status'] })
            }
          >
            <option value="">All</option>
            <option value="ok">Succeeded</option>
            <option value="error">Failed</option>
          </select>
        </label>
        <button type="submit">Filter</button>
      </form>
      <ErrorNotice message={log.error} />
      {!log.data ? (
        <Loading />
      ) : log.data.entries.length === 0 ? (
        <p className="muted">No requests match.</p>
      ) : (
        <RequestTable entries={log.data.entries} />
      )}
    </Card>
  );
}

function RequestTable({ entries }: { entries: RequestLogEntry[] }) {
  return (
    <div className="table-scroll">
      <table className="table" data-testid="request-log">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Client</th>
            <th scope="col">Model</th>
            <th scope="col">Key</th>
            <th scope="col">Status</th>
            <th scope="col">Tokens in / out</th>
            <th scope="col">Cost</th>
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>{formatTime(entry.at)}</td>
              <td>{entry.clientName ?? '—'}</td>
              <td>{entry.provider === 'gemini' ? entry.model : `${entry.provider}/${entry.model}`}</td>
              <td>
                <code>{entry.masked ?? '—'}</code>
              </td>
              <td>
                <Badge tone={entry.status < 400 ? 'good' : 'bad'}>{entry.status}</Badge>
                {entry.attempts > 1 && <span className="muted small"> {entry.attempts} attempts</span>}
                {entry.error && <div className="muted small">{entry.error}</div>}
              </td>
              <td>
                {formatInt(entry.inputTokens)} / {formatInt(entry.outputTokens)}
              </td>
              <td>{formatUsd(entry.costUsd)}</td>
              <td>{formatInt(entry.durationMs)} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
