import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../../../proxy/http/admin/contract';
import { rangeDays, tokensReported, usageCsv } from './usageTable';

const row = (over: Partial<UsageRow>): UsageRow => ({
  group: 'g',
  label: 'g',
  requests: 1,
  errors: 0,
  inputTokens: 10,
  outputTokens: 5,
  thoughtTokens: 0,
  costUsd: 0.5,
  unpriced: 0,
  ...over,
});

describe('usage ranges', () => {
  // Local noon on 10 March 2026.
  const now = new Date(2026, 2, 10, 12).getTime();
  it.each([
    ['today', { since: '2026-03-10', until: '2026-03-10' }],
    ['7d', { since: '2026-03-04', until: '2026-03-10' }],
    ['30d', { since: '2026-02-09', until: '2026-03-10' }],
  ] as const)('%s covers whole local days up to today', (choice, days) => {
    expect(rangeDays(choice, now, { since: '', until: '' })).toEqual(days);
  });

  it('takes a custom range either way round', () => {
    expect(rangeDays('custom', now, { since: '2026-03-01', until: '2026-02-20' })).toEqual({
      since: '2026-02-20',
      until: '2026-03-01',
    });
  });
});

describe('usage values', () => {
  it('knows when Gemini reported no tokens (embeddings): unknown, not zero', () => {
    expect(tokensReported(row({ inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 1 }))).toBe(false);
    expect(tokensReported(row({}))).toBe(true);
    // A refusal cost nothing and used nothing: zero is the truth there.
    expect(tokensReported(row({ inputTokens: 0, outputTokens: 0, costUsd: 0, unpriced: 0 }))).toBe(true);
  });

  it('exports CSV with a header, quoted where needed, and no cost where nothing had a price', () => {
    const csv = usageCsv('client-model', [
      row({ label: 'phone · gemini-2.5-pro', costUsd: 0.123456789 }),
      row({ label: 'app "x", beta', requests: 2, unpriced: 2, costUsd: 0 }),
    ]);
    expect(csv.split('\r\n')).toEqual([
      'client-model,requests,errors,input_tokens,output_tokens,thinking_tokens,cost_usd,requests_without_price',
      'phone · gemini-2.5-pro,1,0,10,5,0,0.123457,0',
      '"app ""x"", beta",2,0,10,5,0,,2',
      '',
    ]);
  });
});
