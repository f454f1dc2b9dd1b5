/**
 * How many bytes of JSON request bodies gemgate holds at once, across all clients. A body is read
 * whole before it is parsed, then held (as text, then as objects, then as the text sent upstream)
 * until its request ends: with Gemini taking 100 MB per request, three clients at once could cost
 * a gigabyte or more. Each request reserves its bytes as they arrive (all at once when it declares
 * a Content-Length) and gives them back when its response ends; a request that would go over the
 * budget waits, its body unread, until others give bytes back, first come first served. So memory
 * stays bounded, and a big request is never refused for being unlucky, only made to wait.
 */
export class BodyBudget {
  private used = 0;
  private readonly waiting: Array<{ bytes: number; grant: () => void }> = [];

  /** `capacity()` is read at each reservation, so a changed setting applies at once. */
  constructor(private readonly capacity: () => number) {}

  /** A reservation for one request, released in full by `release()` (once; later calls do nothing). */
  lease(): BodyLease {
    return new BodyLease(this);
  }

  get inUse(): number {
    return this.used;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** @internal Resolves once `bytes` are reserved; never over capacity unless nothing else is held. */
  take(bytes: number): Promise<void> {
    if (this.waiting.length === 0 && this.fits(bytes)) {
      this.used += bytes;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ bytes, grant }));
  }

  /** @internal */
  give(bytes: number): void {
    this.used -= bytes;
    while (this.waiting.length > 0 && this.fits(this.waiting[0]!.bytes)) {
      const next = this.waiting.shift()!;
      this.used += next.bytes;
      next.grant();
    }
  }

  /** @internal More bytes for a request already being read: never queued behind requests not yet begun. */
  add(bytes: number): void {
    this.used += bytes;
  }

  // A request bigger than the whole budget still goes through, alone: the per-request limit is what
  // refuses bodies, the budget only spaces them out.
  private fits(bytes: number): boolean {
    return this.used === 0 || this.used + bytes <= this.capacity();
  }
}

export class BodyLease {
  private held = 0;
  private released = false;

  constructor(private readonly budget: BodyBudget) {}

  /**
   * Reserves `bytes` more for this request. Its first reservation waits while the budget is spent
   * elsewhere; later ones (a body without Content-Length, read piece by piece) never wait, or a
   * half-read body would wait on requests that themselves wait for it to finish.
   */
  async reserve(bytes: number): Promise<void> {
    if (this.released || bytes <= 0) return;
    if (this.held > 0) {
      this.budget.add(bytes);
      this.held += bytes;
      return;
    }
    await this.budget.take(bytes);
    if (this.released) {
      this.budget.give(bytes);
      return;
    }
    this.held += bytes;
  }

  get bytes(): number {
    return this.held;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    const held = this.held;
    this.held = 0;
    if (held > 0) this.budget.give(held);
  }
}
