import type { UsageMetadata } from '../gemini/types.js';
import type { StreamIncomplete } from '../failures/failures.js';
import type { ContinuationThinking } from './gemini/continuation.js';
import type { ResumeCause } from './resumeCause.js';
import { answerUsage } from './usage.js';

export type { ResumeCause } from './resumeCause.js';

export interface ResumeSettings {
  enabled: boolean;
  maxAttempts: number;
  firstByteTimeoutMs: number;
  stallTimeoutMs: number;
  continuationThinking: ContinuationThinking;
  /** Parse every frame instead of skimming plain ones (tests and benchmarks: the reference the skim is held to). */
  parseEveryFrame?: boolean;
}

/** `continue` sends what the client has seen and asks for the rest; `replay` re-sends the request. */
export type AttemptMode = 'first' | 'continue' | 'replay';

export interface AttemptRecord {
  keyId: string;
  mode: AttemptMode;
  cause?: ResumeCause;
  visibleChars: number;
  usage?: UsageMetadata;
  /** Characters of repeated text removed at the seam this attempt started with. */
  seamRemoved?: number;
}

export type GenerationOutcome = 'complete' | 'policy-stop' | 'tool-call' | 'incomplete' | 'aborted';

export interface GenerationSummary {
  outcome: GenerationOutcome;
  finishReason?: string;
  /** Every attempt's usage added up: what the upstream bills, and what gemgate records. */
  usage?: UsageMetadata;
  /** The usage the client is shown: its prompt once, the output of every attempt (answerUsage). */
  answerUsage?: UsageMetadata;
  attempts: AttemptRecord[];
  /** Set when outcome is `incomplete`: why gemgate gave up. Safe to show the client. */
  error?: StreamIncomplete;
}

/**
 * Where a generation's answer goes, batch by batch: the client's response, or a whole answer. `F` is
 * the upstream family's frame: Gemini's StreamFrame, an OpenAI-compatible provider's ChatFrame.
 */
export interface GenerationSink<F> {
  /**
   * The next batch of the answer as one seamless stream (never empty). Returns false when the
   * client cannot take more for now: the upstream is read no further until `drained()` resolves.
   */
  write(batch: F[]): boolean;
  /** Resolves true once the client can take more, false when it has gone. */
  drained(): Promise<boolean>;
}

/** An answer under way: opened (the upstream answered 2xx), not yet read. */
export interface Generation<F> {
  /** The key that answered first (for `x-gemgate-key-id`). */
  keyId: string;
  /** Time spent waiting on the upstream before it answered 2xx, over every key tried: not gemgate's overhead. */
  upstreamMs: number;
  /** The model that answers, when it may not be the one asked for (a fallback took over). */
  readonly model?: string;
  /**
   * Runs the generation, every attempt of it, into `sink`; resolves with the summary when it is
   * done. Call once.
   */
  pipe(sink: GenerationSink<F>): Promise<GenerationSummary>;
  /** What the attempts so far are billed, for a client that leaves before the summary comes. */
  billedSoFar(): UsageMetadata | undefined;
}

/**
 * How a generation ended, over its attempts: `billed` is every attempt's usage added up (what is
 * recorded); the client is shown the answer's (answerUsage: its prompt once).
 */
export function summaryOf(
  attempts: AttemptRecord[],
  billed: UsageMetadata | undefined,
  outcome: GenerationOutcome,
  finishReason?: string,
  error?: StreamIncomplete,
): GenerationSummary {
  return {
    outcome,
    finishReason,
    usage: billed,
    answerUsage: answerUsage(attempts.map((attempt) => attempt.usage)),
    attempts,
    ...(error ? { error } : {}),
  };
}
