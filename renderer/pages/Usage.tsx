import { useState } from 'react';
import type { UsageGroup, UsageResponse } from '../../proxy/http/admin/contract';
import { api } from '../api/client';
import { downloadBlob } from '../api/desktop';
import { useNow, useResource } from '../api/useResource';
import { Card, ErrorNotice, Loading, PageHeader, Segmented, Stat } from '../components/ui';
import { lazyPart } from '../components/lazyPart';
import { formatCompact, formatCost, formatInt, localDay } from '../format';
import { loadUsageCharts } from './usage/chartsLoader';
import { GROUP_HEADINGS, rangeDays, tokensReported, usageCsv, type RangeChoice } from './usage/usageTable';
import type { Metric } from './usage/UsageCharts';
import { RequestLog } from './usage/RequestLog';

const UsageChart = lazyPart(loadUsageCharts, 'The chart');

const GROUPS: Array<{ value: UsageGroup; label: string }> = [
  { value: 'day', label: 'By day' },
  { value: 'client', label: 'By app' },
  { value: 'model', label: 'By model' },
  { value: 'client-model', label: 'App × model' },
  { value: 'key', label: 'By key' },
  { value: 'provider', label: 'By provider' },
];

const RANGES: Array<{ value: RangeChoice; label: string }> = [
  { value: 'today', label: 'Today' },
  { value: '7d', label: '7 days' },
  { value: '30d', label: '30 days' },
  { value: 'custom', label: 'Custom' },
];

export function Usage() {
  const [by, setBy] = useState<UsageGroup>('day');
  const [metric, setMetric] = useState<Metric>('tokens');
  const [range, setRange] = useState<RangeChoice>('7d');
  // The ranges follow the calendar: past midnight, "today" is the new day.
  const now = useNow(60_000);
  const today = localDay(now);
  const [custom, setCustom] = useState({ since: today, until: today });
  const { since, until } = rangeDays(range, now, custom);
  const usage = useResource(() => api.usage(by, since, until), ['usage'], [by, since, until]);
  // While another grouping loads, the old one's rows would be drawn under the new heading: wait.
  const shown = usage.data?.by === by ? usage.data : undefined;

  return (
    <>
      <PageHeader title="Usage">Tokens and cost, per day, app, model and key; and every request.</PageHeader>
      <Card
        title="Tokens and cost"
        actions={
          <Segmented
            label="Metric"
            value={metric}
            options={[
              { value: 'tokens', label: 'Tokens' },
              { value: 'cost', label: 'Cost' },
            ]}
            onChange={setMetric}
          />
        }
      >
        <div className="usage-controls">
          <Segmented label="Period" value={range} options={RANGES} onChange={setRange} />
          {range === 'custom' && (
            <div className="form-row custom-range">
              <label>
                From
                <input
                  type="date"
                  value={custom.since}
                  max={today}
                  onChange={(event) => setCustom({ ...custom, since: event.target.value || today })}
                />
              </label>
              <label>
                To
                <input
                  type="date"
                  value={custom.until}
                  max={today}
                  onChange={(event) => setCustom({ ...custom, until: event.target.value || today })}
                />
              </label>
            </div>
          )}
          <Segmented label="Group by" value={by} options={GROUPS} onChange={setBy} />
        </div>
        <ErrorNotice message={usage.error} />
        {!shown ? <Loading /> : <UsageFigures usage={shown} metric={metric} since={since} until={until} />}
      </Card>
      <RequestLog />
    </>
  );
}

function UsageFigures({
  usage,
  metric,
  since,
  until,
}: {
  usage: UsageResponse;
  metric: Metric;
  since: string;
  until: string;
}) {
  const { totals, rows, by } = usage;
  const exportCsv = () =>
    downloadBlob(
      new Blob([usageCsv(by, rows)], { type: 'text/csv' }),
      `gemgate-usage-${by}-${since}-to-${until}.csv`,
    );
  return (
    <>
      <p className="muted small" data-testid="usage-period">
        {since === until ? since : `${since} to ${until}`}, local days
      </p>
      <div className="stats">
        <Stat
          label="Requests"
          value={<span data-testid="usage-requests">{formatInt(totals.requests)}</span>}
        />
        <Stat label="Input tokens" value={formatCompact(totals.inputTokens)} />
        <Stat label="Output tokens" value={formatCompact(totals.outputTokens)} />
        <Stat label="Thinking tokens" value={formatCompact(totals.thoughtTokens)} />
        <Stat
          label="Cost"
          value={
            <span data-testid="usage-cost">
              {formatCost(totals.costUsd, totals.unpriced === totals.requests ? totals.unpriced : 0)}
            </span>
          }
          hint={
            totals.unpriced > 0
              ? `${formatInt(totals.unpriced)} requests without a price are not in it`
              : undefined
          }
        />
      </div>
      {rows.length === 0 ? (
        <p className="muted">No requests in this period.</p>
      ) : (
        <>
          <UsageChart rows={rows} metric={metric} by={by} />
          <div className="table-actions">
            <button type="button" className="button-small" onClick={exportCsv}>
              Export CSV
            </button>
          </div>
          <table className="table stack-table numbers" data-testid="usage-table">
            <caption className="visually-hidden">Values of the chart</caption>
            <thead>
              <tr>
                <th scope="col">{GROUP_HEADINGS[by]}</th>
                <th scope="col">Requests</th>
                <th scope="col">Input tokens</th>
                <th scope="col">Output tokens</th>
                <th scope="col">Thinking</th>
                <th scope="col">Cost</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => {
                const reported = tokensReported(row);
                return (
                  <tr key={row.group}>
                    <th scope="row" data-label={GROUP_HEADINGS[by]}>
                      {row.label}
                    </th>
                    <td data-label="Requests">
                      {formatInt(row.requests)}
                      {row.errors > 0 && (
                        <span className="muted small"> ({formatInt(row.errors)} not ok)</span>
                      )}
                    </td>
                    <td data-label="Input tokens">
                      {reported ? formatInt(row.inputTokens) : 'not reported'}
                    </td>
                    <td data-label="Output tokens">
                      {reported ? formatInt(row.outputTokens) : 'not reported'}
                    </td>
                    <td data-label="Thinking">{reported ? formatInt(row.thoughtTokens) : '—'}</td>
                    <td data-label="Cost">
                      {row.unpriced > 0 && row.unpriced === row.requests ? (
                        <span className="warn-text">no price</span>
                      ) : (
                        formatCost(row.costUsd, row.unpriced)
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {totals.unpriced > 0 && (
            <p className="muted small">
              “No price”: gemgate knows no price for the model, or Google reports no tokens for the call
              (embeddings). Add prices in <a href="#/settings">Settings</a>.
            </p>
          )}
        </>
      )}
    </>
  );
}
