/**
 * Usage is totalled and spend limits reset by the local calendar of the machine gemgate runs on:
 * the user's own day and month, not Google's Pacific-time quota day.
 */

/** "2026-11-26" in local time. */
export function localDay(at: number): string {
  const date = new Date(at);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "2026-11" in local time. */
export function localMonth(at: number): string {
  return localDay(at).slice(0, 7);
}

/** The next local midnight after `at`, when daily limits reset. */
export function nextLocalMidnight(at: number): number {
  const date = new Date(at);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
}

/** The first instant of the next local month, when monthly limits reset. */
export function nextLocalMonth(at: number): number {
  const date = new Date(at);
  return new Date(date.getFullYear(), date.getMonth() + 1, 1).getTime();
}

/** Start of a local day given as YYYY-MM-DD; undefined when it is not a real date. */
export function startOfLocalDay(day: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = new Date(year, month - 1, date);
  if (at.getFullYear() !== year || at.getMonth() !== month - 1 || at.getDate() !== date) return undefined;
  return at.getTime();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
