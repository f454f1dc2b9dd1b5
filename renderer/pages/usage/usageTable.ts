// The values under each usage chart, and the same values as a CSV file: one reading of the rows.
import type { UsageGroup, UsageRow } from '../../../proxy/http/admin/contract';
import { localDay } from '../../format';

export type RangeChoice = 'today' | '7d' | '30d' | 'custom';

/** The window a choice stands for, in local calendar days (both included), as the usage API takes it. */
export function rangeDays(
  choice: RangeChoice,
  now: number,
  custom: { since: string; until: string },
): { since: string; until: string } {
  const daysBack = (days: number) => localDay(new Date(now).setDate(new Date(now).getDate() - days));
  switch (choice) {
    case 'today':
      return { since: localDay(now), until: localDay(now) };
    case '7d':
      return { since: daysBack(6), until: localDay(now) };
    case '30d':
      return { since: daysBack(29), until: localDay(now) };
    case 'custom':
      return custom.since <= custom.until ? custom : { since: custom.until, until: custom.since };
  }
}

export const GROUP_HEADINGS: Record<UsageGroup, string> = {
  day: 'Day',
  provider: 'Provider',
  model: 'Model',
  key: 'Key',
  client: 'App (client token)',
  'client-model': 'App · model',
};

/** Gemini reports no tokens for some calls (embeddings): their counts are unknown, not zero. */
export function tokensReported(row: UsageRow): boolean {
  const tokens = row.inputTokens + row.outputTokens + row.thoughtTokens;
  return !(tokens === 0 && row.unpriced > 0);
}

const HEADER = [
  'requests',
  'errors',
  'input_tokens',
  'output_tokens',
  'thinking_tokens',
  'cost_usd',
  'requests_without_price',
];

/**
 * The rows as CSV (RFC 4180: fields with a comma, a quote or a line break quoted, quotes doubled):
 * a header, then one line per row. A cost left empty means no request of the row has a price.
 */
export function usageCsv(by: UsageGroup, rows: readonly UsageRow[]): string {
  const field = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [[by, ...HEADER].join(',')];
  for (const row of rows) {
    const cost =
      row.costUsd === null || (row.unpriced === row.requests && row.costUsd === 0)
        ? ''
        : row.costUsd.toFixed(6);
    lines.push(
      [
        row.label,
        row.requests,
        row.errors,
        row.inputTokens,
        row.outputTokens,
        row.thoughtTokens,
        cost,
        row.unpriced,
      ]
        .map(field)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
