/**
 * Requests per minute per client, over a sliding minute: the timestamps of the last minute's
 * admitted requests. Memory is bounded by the limit itself (at most `limit` stamps per client).
 */
export class RateWindow {
  private readonly stamps = new Map<string, number[]>();

  constructor(private readonly windowMs = 60_000) {}

  /** Admits and counts the request, or says how long until a slot frees up. */
  take(clientId: string, limit: number, now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    const recent = (this.stamps.get(clientId) ?? []).filter((at) => at > now - this.windowMs);
    if (recent.length >= limit) {
      this.stamps.set(clientId, recent);
      return { ok: false, retryAfterMs: recent[recent.length - limit]! + this.windowMs - now };
    }
    recent.push(now);
    this.stamps.set(clientId, recent);
    return { ok: true };
  }
}
