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
}

/** The recording hook on GatewayContext. `record` queues and returns at once; it never throws. */
export interface UsageHook {
  record(entry: UsageEntry): void;
}
