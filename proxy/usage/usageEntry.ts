import type { UsageMetadata } from '../gemini/types.js';
import type { MediaOutput } from '../gemini/mediaOutput.js';
import type { GenerationOutcome } from '../resume/generation.js';

/**
 * How a request ended. The generation outcomes come from the resume engine; `ok` is a whole answer
 * relayed as-is (countTokens, embeddings, generateContent without resuming); `failed` is an error
 * from or on the way to Gemini; `rejected` is gemgate refusing it (policy, validation).
 */
export type UsageOutcome = GenerationOutcome | 'ok' | 'failed' | 'rejected';

export interface UsageAttempt {
  keyId: string;
  /** `first`, or how the resume engine went on: `continue` (cut with output) or `replay`. */
  mode?: 'first' | 'continue' | 'replay';
  /** Why this attempt did not finish the answer (the resume engine's cause). */
  cause?: string;
  /** This attempt's own usageMetadata (Gemini's last report on it). */
  usage?: UsageMetadata;
  /** Characters of repeated text removed at the seam this attempt started with (a continuation). */
  seamRemoved?: number;
}

/** A key asked before the answer started that answered an error (failover), or the last one that failed. */
export interface TriedKeyEntry {
  keyId: string;
  status: number | 'network';
  /** What the error meant: `rate-limited`, `key-invalid`, `upstream-unavailable`, … */
  failure?: string;
}

/**
 * One finished client request, as any route reports it to `ctx.usage.record`. Never carries
 * prompt or answer content, nor key material: keys appear by id.
 */
export interface UsageEntry {
  /** When the request arrived (epoch ms). */
  at: number;
  /** The client token's id. */
  clientId: string | null;
  dialect: 'gemini' | 'openai' | 'anthropic';
  /** generateContent, streamGenerateContent, countTokens, embedContent, batchEmbedContents, chat.completions, embeddings, messages, messages.count_tokens */
  endpoint: string;
  model: string | null;
  /** The provider that served it (or would have): absent means Gemini. */
  provider?: string;
  stream: boolean;
  /** HTTP status the client got; a stream that started is 200 even if it then ended incomplete. */
  status: number;
  outcome: UsageOutcome;
  /** The key that answered (the first one, when the engine resumed on others). */
  keyId?: string | null;
  /** Upstream attempts that Gemini answered, in order; each one is billed. */
  attempts?: UsageAttempt[];
  /** usageMetadata summed over the attempts. */
  usage?: UsageMetadata;
  /** Gemini billed the call but reported no token counts (embeddings): its cost is unknown, not zero. */
  costUnknown?: boolean;
  /** Images and seconds of speech the answer held, priced per unit (never the media itself). */
  media?: MediaOutput;
  /** Until the first byte of the answer went to the client. */
  ttfbMs?: number | null;
  totalMs: number;
  /** Set when the request did not end well: the error code (e.g. rate_limit_exceeded, stream_incomplete). */
  errorClass?: string | null;
  /** When it did not end well: the error message the client was sent, word for word. */
  clientMessage?: string | null;
  /** Keys asked that answered an error before the request failed (in order). */
  tried?: readonly TriedKeyEntry[];
  /** Why the last attempt's answer ended, as Gemini said it (STOP, MAX_TOKENS, SAFETY, …). */
  finishReason?: string;
  /** The id `begin` gave the request while it was under way: its row settles that journal entry. */
  requestId?: string;
}

/** A request under way, from its first upstream call: what a row made of it after a crash would say. */
export type PendingEntry = Pick<
  UsageEntry,
  'at' | 'clientId' | 'dialect' | 'endpoint' | 'model' | 'provider' | 'stream'
> & {
  keyId: string;
};

/** How far a request under way has got: what it has been billed so far, and whether the client got bytes. */
export interface PendingProgress {
  usage?: UsageMetadata;
  answered: boolean;
}

/**
 * The recording hook on GatewayContext. `record` queues and returns at once; it never throws.
 * `begin` journals a request once Gemini (or another provider) starts to bill it, and `progress`
 * what it has been billed since, so that a gateway killed mid-answer still logs it, and counts its
 * cost against spend limits, when it starts again; `record` with the id settles it.
 */
export interface UsageHook {
  record(entry: UsageEntry): void;
  begin?(entry: PendingEntry): string | undefined;
  progress?(requestId: string, progress: PendingProgress): void;
}
