import type { TrafficView } from './contract.js';

const WINDOW_SECONDS = 60;
const RATE_SECONDS = 10;

/**
 * Counts requests through the gateway in one-second buckets over the last minute: enough for the
 * dashboard's requests-per-second figure without keeping a list of requests in memory. (The
 * request log, with tokens and cost, is the usage store's job.)
 */
export class TrafficMeter {
  private readonly requests = new Array<number>(WINDOW_SECONDS).fill(0);
  private readonly errors = new Array<number>(WINDOW_SECONDS).fill(0);
  private currentSecond: number;
  private total = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.currentSecond = Math.floor(now() / 1000);
  }

  record(ok: boolean): void {
    this.advance();
    const slot = this.currentSecond % WINDOW_SECONDS;
    this.requests[slot]! += 1;
    if (!ok) this.errors[slot]! += 1;
    this.total += 1;
  }

  /** Requests counted since the gateway started. */
  get requestsTotal(): number {
    return this.total;
  }

  snapshot(): TrafficView {
    this.advance();
    let recent = 0;
    for (let ago = 0; ago < RATE_SECONDS; ago++) {
      recent += this.requests[(this.currentSecond - ago + WINDOW_SECONDS) % WINDOW_SECONDS]!;
    }
    return {
      requestsPerSecond: Math.round((recent / RATE_SECONDS) * 100) / 100,
      requestsLastMinute: sum(this.requests),
      requestsTotal: this.total,
      errorsLastMinute: sum(this.errors),
    };
  }

  /** Clears the buckets of the seconds that passed since the last call. */
  private advance(): void {
    const second = Math.floor(this.now() / 1000);
    const elapsed = Math.min(second - this.currentSecond, WINDOW_SECONDS);
    for (let step = 1; step <= elapsed; step++) {
      const slot = (this.currentSecond + step) % WINDOW_SECONDS;
      this.requests[slot] = 0;
      this.errors[slot] = 0;
    }
    if (second > this.currentSecond) this.currentSecond = second;
  }
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
