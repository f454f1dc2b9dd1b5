import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageGroup, UsageRow } from '../../../proxy/http/admin/contract';
import { formatCompact, formatInt, formatUsd } from '../../format';

export type Metric = 'tokens' | 'cost';

/** Fixed mid-tone colours that read on both the light and the dark background. */
const COLORS = { input: '#4f8ef7', output: '#f29d38', thought: '#a77bf3', cost: '#2fb380' };

/** Room for a label beside a bar: the longest label, within reason. */
function labelWidth(rows: readonly UsageRow[]): number {
  const longest = Math.max(...rows.map((row) => row.label.length), 4);
  return Math.min(220, Math.max(70, longest * 7));
}

/**
 * Tokens or cost per row. Days stand in a row of columns; names (models, keys, apps) lie one per
 * line, so every label shows, however many and however long: the two costliest models can never
 * be the labels a crowded axis drops.
 */
export function UsageChart({ rows, metric, by }: { rows: UsageRow[]; metric: Metric; by: UsageGroup }) {
  const data = rows.map((row) => ({ ...row, name: row.label }));
  const byName = by !== 'day';
  const valueAxis = {
    tickFormatter: (value: number) => (metric === 'cost' ? formatUsd(value) : formatCompact(value)),
  };
  const series =
    metric === 'tokens'
      ? [
          { key: 'inputTokens', name: 'Input', fill: COLORS.input },
          { key: 'outputTokens', name: 'Output', fill: COLORS.output },
          { key: 'thoughtTokens', name: 'Thinking', fill: COLORS.thought },
        ]
      : [{ key: 'costUsd', name: 'Cost (USD, priced requests)', fill: COLORS.cost }];
  const bars = series.map((bar) => (
    <Bar
      key={bar.key}
      dataKey={bar.key}
      name={bar.name}
      stackId="stack"
      fill={bar.fill}
      isAnimationActive={false}
    />
  ));
  return (
    <figure
      className="chart"
      aria-label={`${metric === 'tokens' ? 'Tokens' : 'Cost'} by ${by}`}
      data-testid="usage-chart"
    >
      <ResponsiveContainer width="100%" height={byName ? Math.max(160, rows.length * 34 + 70) : 280}>
        <BarChart
          data={data}
          layout={byName ? 'vertical' : 'horizontal'}
          margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
          maxBarSize={byName ? 28 : 64}
        >
          <CartesianGrid strokeDasharray="3 3" className="chart-grid" horizontal={!byName} />
          {byName ? (
            <>
              <XAxis type="number" {...valueAxis} />
              <YAxis type="category" dataKey="name" width={labelWidth(rows)} interval={0} />
            </>
          ) : (
            <>
              <XAxis dataKey="name" />
              <YAxis width={70} {...valueAxis} />
            </>
          )}
          <Tooltip
            formatter={(value) => (metric === 'cost' ? formatUsd(Number(value)) : formatInt(Number(value)))}
          />
          <Legend />
          {bars}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
