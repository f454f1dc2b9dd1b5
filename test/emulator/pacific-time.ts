/**
 * Gemini's daily quotas reset at midnight Pacific time
 * (https://ai.google.dev/gemini-api/docs/rate-limits: "Requests per day (RPD) quotas reset at midnight
 * Pacific time"). These helpers find that instant, daylight saving included, with Intl alone.
 */

const ZONE = 'America/Los_Angeles';

const formatter = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(instant: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter.formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Milliseconds to add to UTC to get Los Angeles wall-clock time at that instant (e.g. -7 h in summer). */
function offsetAt(instant: number): number {
  const w = wallClock(instant);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/** The Pacific calendar day of an instant, e.g. "2025-06-17": the key of a daily quota window. */
export function pacificDay(instant: number): string {
  const w = wallClock(instant);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The first instant after `instant` at which the Pacific date changes. */
export function nextPacificMidnight(instant: number): number {
  const w = wallClock(instant);
  const midnightAsUtc = Date.UTC(w.year, w.month - 1, w.day + 1, 0, 0, 0);
  // Guess with the current offset, then correct with the offset in force at the guess (DST days).
  let guess = midnightAsUtc - offsetAt(instant);
  guess = midnightAsUtc - offsetAt(guess);
  return guess;
}
