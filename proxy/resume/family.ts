import type { UsageMetadata } from '../gemini/types.js';
import type { StreamIncomplete } from '../failures/failures.js';
import type { OpenedCall } from '../dispatch/failover.js';
import type { PayloadParser, StreamEnd } from '../upstream/sseFrameReader.js';
import type { AttemptMode, GenerationOutcome } from './generation.js';
import type { ResumeCause, StreamVocabulary } from './resumeCause.js';

/**
 * One attempt's filter: turns the frames of one upstream attempt into what the client is sent, and
 * learns what the attempt did. Gemini's is resume/gemini/attemptFilter.ts, an OpenAI-compatible
 * provider's resume/openaiCompatible/chatAttempt.ts.
 */
export interface AttemptWatch<F> {
  readonly mode: AttemptMode;
  /** Appends to `out` what the frames of one upstream read become for the client. */
  take(frames: readonly F[], out: F[]): void;
  /** The attempt's stream ended: appends what is still held (a continuation's text at the seam). */
  end(out: F[]): void;
  /** The attempt's latest usage report. */
  readonly usage: UsageMetadata | undefined;
  /** Answer characters this attempt added to what the client holds, after the seam. */
  readonly visibleChars: number;
  /** Characters of repeated text removed at the seam, for a continuation. */
  readonly seamRemoved: number | undefined;
  /** Nothing after this is worth reading (Gemini blocked the prompt): the engine stops the read. */
  readonly stopReading?: boolean;
  /** A whole-only attempt is an answer (it goes out) rather than a failure (it is replayed). */
  readonly answered: boolean;
}

/** How an attempt left the answer: finished (with frames of gemgate's own to close it), or cut. */
export type AttemptJudgement<F> =
  | { outcome: Exclude<GenerationOutcome, 'incomplete' | 'aborted'>; finishReason?: string; tail?: F[] }
  | {
      cause: ResumeCause;
      /** The cut cannot be resumed at all (a provider's half-sent tool call): the answer ends so. */
      unresumable?: StreamIncomplete;
    };

/** What follows a cut attempt: the next one's request, or the end the answer reached anyway. */
export type NextAttempt<B, F> =
  { mode: 'continue' | 'replay'; body: B } | { outcome: 'complete'; finishReason: string; tail: F[] };

/**
 * One answer as an upstream family plays it, created per request by the family (Gemini's
 * generateContent stream: resume/gemini/geminiGeneration.ts; an OpenAI-compatible provider's Chat
 * Completions stream: resume/openaiCompatible/chatGeneration.ts). The engine (engine.ts) owns the
 * loop: open, read with backpressure, judge, continue or replay, bill; the plan owns every format.
 * `B` is the family's request body, `F` its frame, `A` its attempt filter.
 */
export interface GenerationPlan<B, F, A extends AttemptWatch<F> = AttemptWatch<F>> {
  /** How the errors a client reads speak of this upstream's stream. */
  readonly words: StreamVocabulary;
  /** The client's request, as the first attempt sends it. */
  readonly request: B;
  /** Whether a cut can be resumed at all (several candidates or choices cannot). */
  readonly resumable: boolean;
  /** Image or audio answers go out only whole, attempt by attempt: a cut one is replayed, never continued. */
  readonly wholeOnly: boolean;
  /** Reads one SSE payload of this family's stream. */
  payloads(parseEveryFrame: boolean): PayloadParser<F>;
  /** Opens an attempt through the pool (failover before the first byte); throws a Failure. */
  open(body: B, signal: AbortSignal): Promise<OpenedCall>;
  /** A filter for the attempt just opened. */
  attempt(mode: AttemptMode, opened: OpenedCall): A;
  /** A whole-only attempt that was no answer is dropped: nothing of it is held. */
  forget(): void;
  /** How the attempt that just ended left the answer. */
  judge(end: StreamEnd, attempt: A): AttemptJudgement<F>;
  /** After a cut: the next attempt's request (continue from the text the client holds, or replay). */
  next(attempt: A, billed: UsageMetadata | undefined): NextAttempt<B, F>;
  /** An attempt is over: its prompt tokens count against the key's tokens per minute. */
  recordTokens(opened: OpenedCall, usage: UsageMetadata | undefined): void;
}
