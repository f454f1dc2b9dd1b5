import type { UsageMetadata } from '../gemini/types.js';
import { StreamIncomplete } from '../failures/failures.js';
import type { OpenedCall } from '../dispatch/failover.js';
import type { AttemptRecord } from './generation.js';
import { openWithPatience } from './openWithPatience.js';
import { addUsage } from './usage.js';

export interface WholeCall<T> {
  /** Opens the call through the pool (failover before the first byte); throws a Failure. */
  open(): Promise<OpenedCall>;
  /** The answer read from its body; throws when the body is not whole (half a JSON document). */
  parse(body: Buffer): T;
  /** What the answer says it used, when it says (billed, and counted against the key's tokens per minute). */
  usageOf?(answer: T): UsageMetadata | undefined;
  /** An attempt is over: its prompt tokens count against the key's tokens per minute. */
  recordTokens?(opened: OpenedCall, usage: UsageMetadata | undefined): void;
  /** Attempts in all (resume.maxAttempts, or 1 for a call that must never be made twice). */
  maxAttempts: number;
  signal?: AbortSignal;
  /** Whose answer it is, in the client's error: `Gemini`, or the provider's name. */
  upstream: string;
}

/** A whole answer, read to its end. */
export interface WholeCallAnswer<T> {
  answer: T;
  /** The body as the upstream sent it, to relay byte for byte. */
  body: Buffer;
  keyId: string;
  projectId: string;
  /** Every attempt the upstream answered with a 2xx, the cut ones first: each one is billed. */
  attempts: AttemptRecord[];
  /** Every attempt's usage added up. */
  billed: UsageMetadata | undefined;
  /** Time spent waiting on the upstream, to tell gemgate's own overhead apart. */
  upstreamMs: number;
}

/**
 * A call whose answer only makes sense whole (Imagen's images, an operation, a provider's whole
 * Chat Completions answer): opened through the pool, which fails over between keys before the first
 * byte, then read to the end and parsed. A body cut short (the connection dropped, half a JSON
 * document) cannot be continued like text: the call is made again, whole, up to `maxAttempts`
 * times in all, waiting a little for a key when every one is cooling (openWithPatience). Throws
 * StreamIncomplete when every attempt was cut, the first open's Failure when no key answered at
 * all, and the abort when the client left.
 */
export async function callWhole<T>(call: WholeCall<T>): Promise<WholeCallAnswer<T>> {
  const attempts: AttemptRecord[] = [];
  let billed: UsageMetadata | undefined;
  let upstreamMs = 0;
  let opened = await call.open();
  for (;;) {
    upstreamMs += opened.upstreamMs;
    const record: AttemptRecord = {
      keyId: opened.lease.keyId,
      mode: attempts.length === 0 ? 'first' : 'replay',
      visibleChars: 0,
    };
    attempts.push(record);
    const reading = performance.now();
    let body: Buffer | undefined;
    let answer: { value: T } | undefined;
    try {
      body = Buffer.from(await opened.response.body.arrayBuffer());
      answer = { value: call.parse(body) };
    } catch (error) {
      if (call.signal?.aborted) throw error;
      record.cause = body !== undefined && error instanceof SyntaxError ? 'frame-cut' : 'transport-error';
    }
    upstreamMs += performance.now() - reading;
    const usage = answer ? call.usageOf?.(answer.value) : undefined;
    if (usage) record.usage = usage;
    billed = addUsage(billed, usage);
    call.recordTokens?.(opened, usage);
    if (answer && body) {
      const { keyId, projectId } = opened.lease;
      return { answer: answer.value, body, keyId, projectId, attempts, billed, upstreamMs };
    }
    if (attempts.length >= Math.max(1, call.maxAttempts)) {
      throw new StreamIncomplete(
        `${call.upstream}'s answer was cut off ${attempts.length} time${attempts.length === 1 ? '' : 's'} (resume.maxAttempts) and could not be completed.`,
      );
    }
    const next = await openWithPatience(call.open, call.signal ?? new AbortController().signal);
    if ('aborted' in next) throw call.signal?.reason ?? new Error('aborted');
    if ('failed' in next) {
      const message = next.failed instanceof Error ? next.failed.message : String(next.failed);
      throw new StreamIncomplete(
        `${call.upstream}'s answer was cut off and could not be asked for again: ${message}`,
      );
    }
    opened = next.opened;
  }
}
