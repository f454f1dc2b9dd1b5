import { describe, expect, it } from 'vitest';
import { nextPacificMidnight, nextPacificMonthStart, pacificDay, pacificOffsetHours } from './pacificTime.js';

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

  it('agrees with Intl (ICU) on the Pacific wall clock, hour by hour, 2024 to 2031', () => {
    const intl = new Intl.DateTimeFormat('en-US', {
      timeZone: 'America/Los_Angeles',
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
    });
    const fromIntl = (at: number) => {
      const p = Object.fromEntries(intl.formatToParts(at).map((part) => [part.type, part.value]));
      return `${p.year}-${p.month}-${p.day} ${p.hour}`;
    };
    const computed = (at: number) => {
      const wall = new Date(at + pacificOffsetHours(at) * 3600_000).toISOString();
      return `${wall.slice(0, 10)} ${wall.slice(11, 13)}`;
    };
    for (let at = Date.UTC(2024, 0, 1); at < Date.UTC(2032, 0, 1); at += 3600_000) {
      expect(computed(at), new Date(at).toISOString()).toBe(fromIntl(at));
      // Half past the hour too: a change at 09:00 or 10:00 UTC must fall on the right side.
      expect(computed(at + 1_800_000)).toBe(fromIntl(at + 1_800_000));
    }
  });

  it('starts the next month at midnight Pacific, in daylight saving time or not', () => {
    const cases: Array<[string, string]> = [
      ['2026-12-07T18:00:10Z', '2027-01-01T08:00:00.000Z'], // PST to PST, across the year
      ['2026-10-15T12:00:00Z', '2026-11-01T07:00:00.000Z'], // 1 November 2026 is the day DST ends: still PDT at midnight
      ['2026-03-20T12:00:00Z', '2026-04-01T07:00:00.000Z'], // PDT
      ['2026-02-10T12:00:00Z', '2026-03-01T08:00:00.000Z'], // PST
      ['2026-12-01T07:59:59Z', '2026-12-01T08:00:00.000Z'], // the last second of November, Pacific
      ['2026-12-01T08:00:00Z', '2027-01-01T08:00:00.000Z'], // the first of December, Pacific
    ];
    for (const [at, expected] of cases) {
      expect(new Date(nextPacificMonthStart(Date.parse(at))).toISOString(), at).toBe(expected);
    }
  });
});
