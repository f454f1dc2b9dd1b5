const PACIFIC = 'America/Los_Angeles';

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function pacificParts(at: number): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(at)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
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
 * changes once a day, so the Intl formatting runs only when the day rolls over.
 */
export class PacificDayClock {
  private start = 0;
  private end = 0;

  /** The instant (ms) the Pacific day containing `now` ends, i.e. when daily quotas reset. */
  dayEnd(now: number): number {
    if (now >= this.end || now < this.start) {
      this.end = nextPacificMidnight(now);
      // Any instant of the same day works as a lower bound; a DST day is 23 or 25 hours long.
      this.start = Math.min(now, this.end - 23 * 3600_000);
    }
    return this.end;
  }
}
