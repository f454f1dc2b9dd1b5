/**
 * Pacific time by the US rule in force since 2007: UTC-8, and UTC-7 from the second Sunday of March
 * at 02:00 local (10:00 UTC) to the first Sunday of November at 02:00 local (09:00 UTC).
 *
 * Computed, not asked of Intl: a single Intl.DateTimeFormat for America/Los_Angeles pulls ICU's
 * time zone and locale data into memory, about 6 MB of the idle `gemgate serve` process (see
 * docs/BENCHMARKS.md). The test checks this against Intl hour by hour over several years.
 */
const HOUR = 3600_000;

function sundayOnOrAfter(year: number, month: number, day: number): number {
  const weekday = new Date(Date.UTC(year, month, day)).getUTCDay();
  return day + ((7 - weekday) % 7);
}

/** Hours to add to UTC for the Pacific wall clock at `at`: -7 in daylight saving time, else -8. */
export function pacificOffsetHours(at: number): number {
  const year = new Date(at).getUTCFullYear();
  const dstStart = Date.UTC(year, 2, sundayOnOrAfter(year, 2, 8), 10);
  const dstEnd = Date.UTC(year, 10, sundayOnOrAfter(year, 10, 1), 9);
  return at >= dstStart && at < dstEnd ? -7 : -8;
}

function pacificParts(at: number): Record<string, number> {
  const wall = new Date(at + pacificOffsetHours(at) * HOUR);
  return {
    year: wall.getUTCFullYear(),
    month: wall.getUTCMonth() + 1,
    day: wall.getUTCDate(),
    hour: wall.getUTCHours(),
    minute: wall.getUTCMinutes(),
    second: wall.getUTCSeconds(),
  };
}

/** "2026-11-26": the Pacific calendar day Gemini's daily quotas count in. */
export function pacificDay(at: number): string {
  const p = pacificParts(at);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * The next midnight in America/Los_Angeles after `at`, when per-day quotas reset. Computed from the
 * wall clock there, so daylight-saving days (23 or 25 hours) come out right.
 */
export function nextPacificMidnight(at: number): number {
  const p = pacificParts(at);
  const secondsIntoDay = (p.hour ?? 0) * 3600 + (p.minute ?? 0) * 60 + (p.second ?? 0);
  let candidate = at - (at % 1000) - secondsIntoDay * 1000 + 24 * 3600 * 1000;
  // On a DST change the naive answer is an hour off: walk to the instant the day actually changes.
  const today = pacificDay(at);
  while (pacificDay(candidate - 1) !== today) candidate -= 3600 * 1000;
  while (pacificDay(candidate) === today) candidate += 3600 * 1000;
  return candidate;
}

/**
 * The end of the current Pacific day, cached: the pool asks on every key choice, and the answer
 * changes once a day.
 */
export class PacificDayClock {
  private start = 0;
  private end = 0;

  /** The instant (ms) the Pacific day containing `now` ends, i.e. when daily quotas reset. */
  dayEnd(now: number): number {
    // Kept this small so the JIT inlines it into every key choice; the day turning is the rare path.
    return now >= this.end || now < this.start ? this.turn(now) : this.end;
  }

  private turn(now: number): number {
    this.end = nextPacificMidnight(now);
    // Any instant of the same day works as a lower bound; a DST day is 23 or 25 hours long.
    this.start = Math.min(now, this.end - 23 * 3600_000);
    return this.end;
  }
}

/**
 * The first midnight of the next month in America/Los_Angeles after `at`: when a monthly spending
 * cap counts from zero again (Cloud Billing's month is Pacific time).
 */
export function nextPacificMonthStart(at: number): number {
  const p = pacificParts(at);
  const year = p.month === 12 ? p.year! + 1 : p.year!;
  const month = p.month === 12 ? 0 : p.month!;
  // Midnight at UTC-7, then an hour later while it is still the month before (UTC-8).
  let candidate = Date.UTC(year, month, 1, 7);
  while (pacificDay(candidate).endsWith('-01') === false) candidate += 3600_000;
  return candidate;
}
