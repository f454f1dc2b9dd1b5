import { createHash } from 'node:crypto';

/**
 * A deterministic source of choices derived from a string: the same prompt always yields the same
 * answer, embedding or response id, on every machine and every run.
 */
export class Seed {
  private bytes: Buffer;
  private offset = 0;
  private round = 0;

  constructor(private readonly label: string) {
    this.bytes = createHash('sha256').update(label).digest();
  }

  /** A 32-bit unsigned integer; extends the stream with further hashes when the first runs out. */
  next(): number {
    if (this.offset + 4 > this.bytes.length) {
      this.round++;
      this.bytes = createHash('sha256').update(`${this.round}:${this.label}`).digest();
      this.offset = 0;
    }
    const value = this.bytes.readUInt32BE(this.offset);
    this.offset += 4;
    return value;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.below(items.length)];
    if (item === undefined) throw new Error('Seed.pick on an empty list');
    return item;
  }

  /** A float in [-1, 1). */
  signedUnit(): number {
    return this.next() / 0x8000_0000 - 1;
  }

  hex(chars: number): string {
    return createHash('sha256').update(`hex:${this.label}`).digest('hex').slice(0, chars);
  }
}
