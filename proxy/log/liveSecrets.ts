import { maskApiKey } from '../util/apiKey.js';

/** Shorter values are not worth masking by value (and could mask ordinary words). */
const MIN_SECRET_LENGTH = 12;

/**
 * Every secret this process holds in clear right now, by value: the pool's keys of every provider
 * (whatever their shape: `AIza…`, `sk-…`, `gsk_…`, or none at all) as the secret store hands them
 * out, and client tokens once presented or made. Redaction (redact.ts) masks each one wherever it
 * appears, so that an upstream echoing a key in its error, in any format, cannot pass it on to a
 * client or a log. The registry holds values only in memory, as the pool already does.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();
  /** One pattern for all values, longest first; rebuilt on the next use after a change. */
  private pattern: RegExp | null | undefined;

  add(value: string | null | undefined): void {
    if (!value || value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
    this.values.add(value);
    this.pattern = undefined;
  }

  delete(value: string | null | undefined): void {
    if (value && this.values.delete(value)) this.pattern = undefined;
  }

  get size(): number {
    return this.values.size;
  }

  /** `text` with every registered secret in it masked (`maskApiKey`: its first and last four characters). */
  mask(text: string): string {
    if (this.pattern === undefined) this.pattern = patternOf([...this.values]);
    if (this.pattern === null) return text;
    return text.replace(this.pattern, (secret) => maskApiKey(secret));
  }
}

function patternOf(values: string[]): RegExp | null {
  if (values.length === 0) return null;
  const escaped = values
    .sort((a, b) => b.length - a.length)
    .map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(escaped.join('|'), 'g');
}

/** The process's registry: one process may run several gateways (tests), which share their masking. */
export const liveSecrets = new SecretRegistry();
