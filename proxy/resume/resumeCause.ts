import { StreamIncomplete } from '../failures/failures.js';
import type { StreamEnd } from '../upstream/sseFrameReader.js';

/** Why an attempt did not finish the answer. */
export type ResumeCause =
  | 'frame-cut'
  | 'transport-error'
  | 'stalled'
  | 'upstream-error'
  | 'no-finish-reason'
  | 'empty'
  | 'thoughts-only'
  | 'malformed-function-call';

/**
 * Why a stream that brought no finish reason ended (an `aborted` one is the client leaving, not a
 * cut). `done` is an explicit terminator (an OpenAI-compatible provider's `[DONE]`) that came
 * without a finish reason.
 */
export function causeOfEnd(end: Pick<StreamEnd, 'kind'>): ResumeCause {
  switch (end.kind) {
    case 'ended':
    case 'done':
      return 'no-finish-reason';
    case 'frame-cut':
      return 'frame-cut';
    case 'stalled':
      return 'stalled';
    case 'upstream-error':
      return 'upstream-error';
    default:
      return 'transport-error';
  }
}

/**
 * How an upstream family's stream is spoken of in the errors a client reads: Gemini's frames and
 * finishReason, or an OpenAI-style provider's chunks and finish_reason.
 */
export interface StreamVocabulary {
  /** Whose stream it is: `Gemini`, or the provider's name. */
  upstream: string;
  /** Who reports an error inside the stream: `Gemini`, `the provider`. */
  reporter: string;
  frame: string;
  finishField: string;
  thoughts: string;
  /** Why an answer cannot be resumed at all, said when resuming is off for it. */
  resumingOff: string;
}

export const GEMINI_VOCABULARY: StreamVocabulary = {
  upstream: 'Gemini',
  reporter: 'Gemini',
  frame: 'frame',
  finishField: 'finishReason',
  thoughts: 'thoughts',
  resumingOff: 'resuming is off (resume.enabled)',
};

/** What went wrong, in words: one table for every family, its words from the vocabulary. */
export function causeText(cause: ResumeCause, words: StreamVocabulary): string {
  switch (cause) {
    case 'frame-cut':
      return `a ${words.frame} was cut in half`;
    case 'transport-error':
      return 'the connection broke';
    case 'stalled':
      return 'it went silent past the stall timeout';
    case 'upstream-error':
      return `${words.reporter} reported an error inside the stream`;
    case 'no-finish-reason':
      return `it ended without a ${words.finishField}`;
    case 'empty':
      return 'the answer was empty';
    case 'thoughts-only':
      return `the answer held only ${words.thoughts}`;
    case 'malformed-function-call':
      return 'the model produced a malformed function call';
  }
}

/** An answer that ended incomplete: whose stream was cut, how, and why gemgate stopped there. */
export function cutOffError(cause: ResumeCause, why: string, words = GEMINI_VOCABULARY): StreamIncomplete {
  return new StreamIncomplete(
    `${words.upstream}'s stream was cut off: ${causeText(cause, words)}; ${why}; the answer is incomplete.`,
  );
}

/**
 * The error the client gets when the last attempt allowed did not finish the answer: the cause of
 * the last cut, how many attempts were made, and which setting decided that.
 */
export function gaveUpError(
  cause: ResumeCause,
  attempts: number,
  resumable: boolean,
  words = GEMINI_VOCABULARY,
): StreamIncomplete {
  const why = resumable
    ? `gemgate tried ${attempts} time${attempts === 1 ? '' : 's'} (resume.maxAttempts) and gave up`
    : words.resumingOff;
  return cutOffError(cause, why, words);
}

/** The error the client gets when no key could open the next attempt: why the last try failed. */
export function notResumedError(openFailure: unknown, words = GEMINI_VOCABULARY): StreamIncomplete {
  const message = openFailure instanceof Error ? openFailure.message : String(openFailure);
  return new StreamIncomplete(`${words.upstream}'s stream was cut off and could not be resumed: ${message}`);
}
