import { describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatClock,
  formatCost,
  formatUntil,
  formatUsd,
  forPeople,
  localizeTimes,
} from './format';
import { splitPastedKeys } from './pages/keys/splitPastedKeys';
import { draftFromPolicy, policyFromDraft } from './components/PolicyFields';

describe('dashboard formatting and form helpers', () => {
  it('counts down to a reset in words', () => {
    expect(formatUntil(42_000, 0)).toBe('in 42 s');
    expect(formatUntil(5 * 60_000, 0)).toBe('in 5 min');
    expect(formatUntil(3 * 3600_000 + 5 * 60_000, 0)).toBe('in 3 h 5 min');
    expect(formatUntil(-1000, 0)).toBe('in 0 s');
    expect(formatAgo(null)).toBe('never');
    expect(formatAgo(0, 90_000)).toBe('1 min ago');
  });

  it('shows small costs with enough digits to be seen', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.0012)).toBe('$0.0012');
    expect(formatUsd(3.456)).toBe('$3.46');
  });

  it('splits a paste of keys on lines, spaces, commas and semicolons', () => {
    expect(splitPastedKeys(' a\r\nb, c;d\n\n e ')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(splitPastedKeys('  \n ')).toEqual([]);
  });

  it('sends only the limits the user set, and reads them back the same', () => {
    expect(policyFromDraft(draftFromPolicy())).toEqual({});
    const policy = {
      allowModels: ['gemini-2.5-flash', 'gemini-2.5-*'],
      allowProviders: ['gemini', 'qwen'],
      allowTiers: ['primary' as const],
      resume: false,
      rpm: 30,
      dailyUsd: 1.5,
    };
    expect(policyFromDraft(draftFromPolicy(policy))).toEqual(policy);
  });

  it('says "no price" for a cost nobody knows, never $0.00', () => {
    expect(formatCost(null)).toBe('no price');
    expect(formatCost(0, 3)).toBe('no price');
    expect(formatCost(0.5, 2)).toBe('$0.50 + 2 without a price');
    expect(formatCost(0)).toBe('$0.00');
  });

  it('shows UTC instants of gateway messages in local time, and leaves internal ids out', () => {
    const now = Date.parse('2026-12-07T12:00:00Z');
    const instant = '2026-12-08T08:00:00.000Z';
    expect(localizeTimes(`rests until ${instant}.`, now)).toBe(
      `rests until ${formatClock(Date.parse(instant), now)}.`,
    );
    expect(localizeTimes('nothing to change', now)).toBe('nothing to change');
    expect(forPeople('Project work-prod (prj_5ausgbqscy) reached its limit', now)).toBe(
      'Project work-prod reached its limit',
    );
  });
});
