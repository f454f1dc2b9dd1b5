import type { UsageTotalsRepository } from '../store/usageTotals.js';
import { localDay, localMonth } from '../usage/calendar.js';

/** One client's known spend today and this month (local calendar). */
export interface ClientSpendSoFar {
  todayUsd: number;
  monthUsd: number;
}

/**
 * Each client's known spend on the local day and month of `at`, summed from the log (the month's
 * rows, from its first day): what the spend limits start from, and what the dashboard shows.
 */
export function clientSpendFromLog(
  totals: Pick<UsageTotalsRepository, 'clientSpendByDay'>,
  at: number,
): Map<string, ClientSpendSoFar> {
  const today = localDay(at);
  const spend = new Map<string, ClientSpendSoFar>();
  for (const row of totals.clientSpendByDay(`${localMonth(at)}-01`)) {
    const client = spend.get(row.clientId) ?? { todayUsd: 0, monthUsd: 0 };
    client.monthUsd += row.usd;
    if (row.day === today) client.todayUsd += row.usd;
    spend.set(row.clientId, client);
  }
  return spend;
}

interface Spent {
  day: string;
  dayUsd: number;
  month: string;
  monthUsd: number;
}

/**
 * Each client's spend today and this month, kept in memory so a limit check costs nothing. Seeded
 * from the log when the gateway starts, then fed every recorded request (before it is even
 * written), so a limit holds across restarts and without waiting for the log's next flush.
 */
export class SpendTracker {
  private readonly spent = new Map<string, Spent>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Loads this month's spend per client from the log. */
  seed(totals: Pick<UsageTotalsRepository, 'clientSpendByDay'>): void {
    const at = this.now();
    const day = localDay(at);
    const month = localMonth(at);
    const spend = clientSpendFromLog(totals, at);
    this.spent.clear();
    for (const [clientId, { todayUsd, monthUsd }] of spend) {
      this.spent.set(clientId, { day, dayUsd: todayUsd, month, monthUsd });
    }
  }

  add(clientId: string, at: number, usd: number): void {
    if (usd <= 0) return;
    const day = localDay(at);
    const month = localMonth(at);
    const entry = this.entry(clientId, day, month);
    // Counted in the period the request started in, as the log's row is (a stream may end after midnight).
    if (day === entry.day) entry.dayUsd += usd;
    if (month === entry.month) entry.monthUsd += usd;
  }

  /** Spend so far today and this month (local calendar). */
  of(clientId: string): { today: number; month: number } {
    const at = this.now();
    const entry = this.entry(clientId, localDay(at), localMonth(at));
    return { today: entry.dayUsd, month: entry.monthUsd };
  }

  private entry(clientId: string, day: string, month: string): Spent {
    let entry = this.spent.get(clientId);
    if (!entry) {
      entry = { day, dayUsd: 0, month, monthUsd: 0 };
      this.spent.set(clientId, entry);
    }
    // A new day or month starts from zero; a late entry for an earlier period changes nothing now.
    if (month > entry.month) {
      entry.month = month;
      entry.monthUsd = 0;
    }
    if (day > entry.day) {
      entry.day = day;
      entry.dayUsd = 0;
    }
    return entry;
  }
}
