// Numbers and times as the dashboard shows them: times always in the user's own time zone.

const integer = new Intl.NumberFormat('en-US');
const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function formatInt(value: number): string {
  return integer.format(value);
}

export function formatCompact(value: number): string {
  return compact.format(value);
}

/** Null is a cost nobody knows (a model without a price): "no price", never $0. */
export function formatUsd(value: number | null): string {
  if (value === null) return 'no price';
  if (value === 0) return '$0.00';
  if (Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toFixed(2)}`;
}

/**
 * A cost as it is known: "no price" for a request whose model has no price (never $0.00), and a
 * total with some unpriced requests says so beside what is known.
 */
export function formatCost(costUsd: number | null, unpriced = 0): string {
  if (costUsd === null) return 'no price';
  if (unpriced > 0 && costUsd === 0) return 'no price';
  if (unpriced > 0) return `${formatUsd(costUsd)} + ${formatInt(unpriced)} without a price`;
  return formatUsd(costUsd);
}

/** "340 ms", "1.2 s", "2 min 5 s": how long a request took. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

export function formatTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toLocaleString();
}

const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayAndClock = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** A local calendar day, YYYY-MM-DD, as the usage log counts days. */
export function localDay(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * A moment near now in local time, as a clock reads it: "14:05" today, "tomorrow 09:00", else
 * with its day ("Tue 9 Dec, 09:00").
 */
export function formatClock(target: number, now = Date.now()): string {
  const day = localDay(target);
  if (day === localDay(now)) return clock.format(target);
  if (day === localDay(now + 86_400_000)) return `tomorrow ${clock.format(target)}`;
  return dayAndClock.format(target);
}

const clockSeconds = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const dateShort = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** A logged moment, short: "14:05:09" today, "7 Dec, 14:05" before. */
export function formatLogTime(ms: number, now = Date.now()): string {
  return localDay(ms) === localDay(now) ? clockSeconds.format(ms) : dateShort.format(ms);
}

/** "in 42 s", "in 3 h 5 min": how long until a window resets or a cooldown ends. */
export function formatUntil(target: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((target - now) / 1000));
  if (seconds < 60) return `in ${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `in ${hours} h ${rest} min` : `in ${hours} h`;
}

/** "tomorrow 09:00 (in 20 h 51 min)": a reset or an end of rest, in local time and as a countdown. */
export function formatReset(target: number, now = Date.now()): string {
  return `${formatClock(target, now)} (${formatUntil(target, now)})`;
}

/** "5 s ago", "3 min ago", or the date for older moments. */
export function formatAgo(ms: number | null | undefined, now = Date.now()): string {
  if (ms === null || ms === undefined) return 'never';
  const seconds = Math.round((now - ms) / 1000);
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z\b/g;

/**
 * A message from the gateway with its UTC instants ("until 2026-12-08T08:00:00.000Z") in local
 * time ("until tomorrow 09:00"): alerts are written once, for logs and webhooks, in UTC.
 */
export function localizeTimes(text: string, now = Date.now()): string {
  return text.replace(ISO_INSTANT, (instant) => {
    const ms = Date.parse(instant);
    return Number.isNaN(ms) ? instant : formatClock(ms, now);
  });
}

const INTERNAL_ID = /\s*\((?:prj|acc|key|tok)_[a-z0-9]+\)/g;

/**
 * A gateway message (an alert) as a person reads it: times in local time, and the internal ids
 * that logs carry ("work-prod (prj_5ausgbqscy)") left out where the name already says it.
 */
export function forPeople(text: string, now = Date.now()): string {
  return localizeTimes(text.replace(INTERNAL_ID, ''), now);
}
