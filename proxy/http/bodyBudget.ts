/**
 * How many bytes of JSON request bodies gemgate holds at once, across all clients. A body is read
 * whole before it is parsed, then held (as text, then as objects, then as the text sent upstream)
 * until its request ends: with Gemini taking 100 MB per request, three clients at once could cost
 * a gigabyte or more. Each request reserves its bytes as they arrive (all at once when it declares
 * a Content-Length) and gives them back when its response ends; a request that would go over the
 * budget waits, its body unread, until others give bytes back, first come first served. So memory
 * stays bounded, and a big request is never refused for being unlucky, only made to wait.
 *
 * A body without a declared length (chunked), and media gemgate fetches for a request, reserve
 * piece by piece, and each piece waits like a first reservation would, ahead of requests not yet
 * begun. One case cannot wait: when every request holding bytes is itself waiting for more, none
 * will ever give any back, so the one that asked first goes on past the budget (by one piece at a
 * time, and only while they all wait).
 */
export class BodyBudget {
  private used = 0;
  /** Requests holding bytes (their first reservation granted, not yet released). */
  private holders = 0;
  private readonly waiting: Array<{ bytes: number; grant: () => void }> = [];
  /** Requests holding bytes that wait for more, oldest first. */
  private readonly growing: Array<{ bytes: number; grant: () => void }> = [];

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
    return this.waiting.length + this.growing.length;
  }

  /** @internal Resolves once `bytes` are reserved; never over capacity unless nothing else is held. */
  take(bytes: number): Promise<void> {
    if (this.waiting.length === 0 && this.growing.length === 0 && this.fits(bytes)) {
      this.grantFirst(bytes);
      return Promise.resolve();
    }
    return new Promise((grant) =>
      this.waiting.push({
        bytes,
        grant: () => {
          this.grantFirst(bytes);
          grant();
        },
      }),
    );
  }

  /** @internal More bytes for a request that holds some, if they fit now (nobody else waits to grow). */
  tryGrow(bytes: number): boolean {
    if (this.growing.length > 0 || !this.fits(bytes)) return false;
    this.used += bytes;
    return true;
  }

  /** @internal More bytes for a request that holds some: waits ahead of requests not yet begun. */
  grow(bytes: number): Promise<void> {
    if (this.tryGrow(bytes)) return Promise.resolve();
    const granted = new Promise<void>((grant) =>
      this.growing.push({
        bytes,
        grant: () => {
          this.used += bytes;
          grant();
        },
      }),
    );
    this.unblock();
    return granted;
  }

  /** @internal A request gives back `bytes`; `holding`: it held some (its first reservation was granted). */
  give(bytes: number, holding: boolean): void {
    this.used -= bytes;
    if (holding) this.holders--;
    this.admit();
  }

  private grantFirst(bytes: number): void {
    this.used += bytes;
    this.holders++;
  }

  /** Grants what fits now: requests growing first, then new ones in arrival order. */
  private admit(): void {
    while (this.growing.length > 0 && this.fits(this.growing[0]!.bytes)) this.growing.shift()!.grant();
    while (this.growing.length === 0 && this.waiting.length > 0 && this.fits(this.waiting[0]!.bytes)) {
      this.waiting.shift()!.grant();
    }
    this.unblock();
  }

  /** Every holder waits to grow: nobody will give bytes back, so the oldest goes on past the budget. */
  private unblock(): void {
    if (this.growing.length > 0 && this.growing.length >= this.holders) this.growing.shift()!.grant();
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
  /** The first reservation was granted: the budget counts this request among those holding bytes. */
  private holding = false;

  constructor(private readonly budget: BodyBudget) {}

  /**
   * Reserves `bytes` more for this request, waiting while the budget is spent elsewhere: the first
   * reservation behind requests that came before, later ones (a body read piece by piece, media
   * fetched for it) ahead of requests not yet begun.
   */
  async reserve(bytes: number): Promise<void> {
    if (this.released || bytes <= 0) return;
    if (this.holding) await this.budget.grow(bytes);
    else {
      await this.budget.take(bytes);
      this.holding = true;
    }
    this.held += bytes;
    if (this.released) this.giveBack();
  }

  /**
   * Reserves `bytes` more at once if they fit without waiting (false: call `reserve` and wait).
   * Lets a reader pause its source only when it must.
   */
  tryReserve(bytes: number): boolean {
    if (this.released || bytes <= 0) return true;
    if (!this.holding || !this.budget.tryGrow(bytes)) return false;
    this.held += bytes;
    return true;
  }

  get bytes(): number {
    return this.held;
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    this.giveBack();
  }

  private giveBack(): void {
    const held = this.held;
    const holding = this.holding;
    this.held = 0;
    this.holding = false;
    if (held > 0 || holding) this.budget.give(held, holding);
  }
}
