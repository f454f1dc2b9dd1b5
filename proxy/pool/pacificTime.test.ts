import { describe, expect, it } from 'vitest';
import { nextPacificMidnight, pacificDay } from './pacificTime.js';

describe('Pacific quota day', () => {
  it('resets at 08:00 UTC in winter (PST) and 07:00 UTC in summer (PDT)', () => {
    expect(new Date(nextPacificMidnight(Date.parse('2026-01-15T20:00:00Z'))).toISOString()).toBe(
      '2026-01-16T08:00:00.000Z',
    );
    expect(new Date(nextPacificMidnight(Date.parse('2026-07-15T20:00:00Z'))).toISOString()).toBe(
      '2026-07-16T07:00:00.000Z',
    );
  });

  it('counts the day in Pacific time, not UTC', () => {
    expect(pacificDay(Date.parse('2026-11-26T03:00:00Z'))).toBe('2026-11-25');
    expect(pacificDay(Date.parse('2026-11-26T09:00:00Z'))).toBe('2026-11-26');
  });

  it('handles the days daylight saving starts and ends', () => {
    // 2026-03-08 is 23 hours long in Los Angeles, 2026-11-01 is 25 hours long.
    expect(new Date(nextPacificMidnight(Date.parse('2026-03-08T12:00:00Z'))).toISOString()).toBe(
      '2026-03-09T07:00:00.000Z',
    );
    expect(new Date(nextPacificMidnight(Date.parse('2026-11-01T12:00:00Z'))).toISOString()).toBe(
      '2026-11-02T08:00:00.000Z',
    );
  });

  it('at exactly midnight, the next reset is a day later', () => {
    expect(new Date(nextPacificMidnight(Date.parse('2026-01-16T08:00:00Z'))).toISOString()).toBe(
      '2026-01-17T08:00:00.000Z',
    );
  });
});
