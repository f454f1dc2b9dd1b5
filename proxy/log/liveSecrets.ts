import { maskApiKey } from '../util/apiKey.js';

/** Shorter values are not worth masking by value (and could mask ordinary words). */
const MIN_SECRET_LENGTH = 12;
/** How many leading characters index a secret (fewer than MIN_SECRET_LENGTH). */
const PREFIX = 8;

/**
 * Every secret this process holds in clear right now, by value: the pool's keys of every provider
 * (whatever their shape: `AIza…`, `sk-…`, `gsk_…`, or none at all) as the secret store hands them
 * out, and client tokens once presented or made. Redaction (redact.ts) masks each one wherever it
 * appears, so that an upstream echoing a key in its error, in any format, cannot pass it on to a
 * client or a log. The registry holds values only in memory, as the pool already does.
 */
export class SecretRegistry {
  /** Secrets by their first PREFIX characters: a text is scanned once, not once per secret. */
  private readonly byPrefix = new Map<string, string[]>();
  /** The first two characters of every secret, as one number: most places in a text begin none. */
  private readonly starts = new Set<number>();
  private count = 0;

  add(value: string | null | undefined): void {
    if (!value || value.length < MIN_SECRET_LENGTH) return;
    const prefix = value.slice(0, PREFIX);
    const bucket = this.byPrefix.get(prefix);
    if (bucket?.includes(value)) return;
    if (bucket) {
      bucket.push(value);
      // Longest first: a secret that begins another is masked as the longer one.
      bucket.sort((a, b) => b.length - a.length);
    } else this.byPrefix.set(prefix, [value]);
    this.starts.add(startOf(value, 0));
    this.count++;
  }

  delete(value: string | null | undefined): void {
    if (!value) return;
    const bucket = this.byPrefix.get(value.slice(0, PREFIX));
    const at = bucket?.indexOf(value) ?? -1;
    if (at === -1) return;
    bucket!.splice(at, 1);
    if (bucket!.length === 0) this.byPrefix.delete(value.slice(0, PREFIX));
    this.count--;
  }

  get size(): number {
    return this.count;
  }

  /** `text` with every registered secret in it masked (`maskApiKey`: its first and last four characters). */
  mask(text: string): string {
    if (this.count === 0 || text.length < MIN_SECRET_LENGTH) return text;
    let out = '';
    let kept = 0;
    for (let at = 0; at <= text.length - MIN_SECRET_LENGTH; at++) {
      if (!this.starts.has(startOf(text, at))) continue;
      const bucket = this.byPrefix.get(text.slice(at, at + PREFIX));
      const secret = bucket?.find((candidate) => text.startsWith(candidate, at));
      if (!secret) continue;
      out += text.slice(kept, at) + maskApiKey(secret);
      kept = at + secret.length;
      at = kept - 1;
    }
    return kept === 0 ? text : out + text.slice(kept);
  }
}

function startOf(text: string, at: number): number {
  return text.charCodeAt(at) * 0x10000 + text.charCodeAt(at + 1);
}

/** The process's registry: one process may run several gateways (tests), which share their masking. */
export const liveSecrets = new SecretRegistry();
