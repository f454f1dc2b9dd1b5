import { StreamIncomplete } from '../failures/failures.js';
import type { StreamEnd } from '../upstream/readGeminiStream.js';
import type { FinishClass } from './finishReasons.js';

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
 * The finishReason an attempt ended with. Class `retry` means it was held back from the client
 * because the attempt was no answer: a malformed function call, or `STOP` with nothing visible.
 */
export interface AttemptFinish {
  reason: string;
  cls: FinishClass;
}

/** What one attempt showed of itself, as the attempt filter saw it. */
export interface AttemptFacts {
  finish: AttemptFinish | undefined;
  /** The attempt sent thought parts (shown to the client or not). */
  sawThoughts: boolean;
  /** The attempt added answer text or a non-text part to what the client holds. */
  sawVisible: boolean;
}

/**
 * How an attempt that ran to its end leaves the answer:
 *
 * | the attempt ended with                          | verdict                                         |
 * |-------------------------------------------------|-------------------------------------------------|
 * | a final finishReason (complete or policy)       | that outcome; `tool-call` if a call was sent    |
 * | no finishReason, after a complete function call | `tool-call`; gemgate sends `STOP` itself        |
 * | `MALFORMED_FUNCTION_CALL` (held back)           | cause `malformed-function-call`                 |
 * | `STOP` held back, thoughts but nothing visible  | cause `thoughts-only`                           |
 * | `STOP` held back, nothing at all                | cause `empty`                                   |
 * | no finishReason                                 | cause from how the stream ended (`causeOfEnd`)  |
 *
 * A finished tool call is never continued: continuing it would ask the model to call again.
 */
export type AttemptVerdict =
  | {
      outcome: 'complete' | 'policy-stop' | 'tool-call';
      finishReason: string;
      /** The client has not seen this finishReason: gemgate sends it in a frame of its own. */
      sendFinish?: true;
    }
  | { cause: ResumeCause };

export function attemptVerdict(end: StreamEnd, attempt: AttemptFacts, toolCallSent: boolean): AttemptVerdict {
  const finish = attempt.finish;
  if (finish && finish.cls !== 'retry') {
    if (finish.cls === 'policy') return { outcome: 'policy-stop', finishReason: finish.reason };
    return { outcome: toolCallSent ? 'tool-call' : 'complete', finishReason: finish.reason };
  }
  if (!finish && toolCallSent) return { outcome: 'tool-call', finishReason: 'STOP', sendFinish: true };
  if (!finish) return { cause: causeOfEnd(end) };
  if (finish.reason === 'MALFORMED_FUNCTION_CALL') return { cause: 'malformed-function-call' };
  return { cause: attempt.sawThoughts && !attempt.sawVisible ? 'thoughts-only' : 'empty' };
}

/**
 * Why a stream that brought no finishReason ended (an `aborted` one is the client leaving, not a
 * cut). `done` is an OpenAI-compatible provider's `[DONE]`, which came without a finish_reason.
 */
export function causeOfEnd(end: Pick<StreamEnd, 'kind'> | { kind: 'done' }): ResumeCause {
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

const CAUSE_TEXT: Record<ResumeCause, string> = {
  'frame-cut': 'a frame was cut in half',
  'transport-error': 'the connection broke',
  stalled: 'it went silent past the stall timeout',
  'upstream-error': 'Gemini reported an error inside the stream',
  'no-finish-reason': 'it ended without a finishReason',
  empty: 'the answer was empty',
  'thoughts-only': 'the answer held only thoughts',
  'malformed-function-call': 'the model produced a malformed function call',
};

/**
 * The error the client gets when the last attempt allowed did not finish the answer: the cause of
 * the last cut, how many attempts were made, and which setting decided that.
 */
export function gaveUpError(cause: ResumeCause, attempts: number, resumable: boolean): StreamIncomplete {
  const tail = resumable
    ? `gemgate tried ${attempts} time${attempts === 1 ? '' : 's'} (resume.maxAttempts) and gave up; the answer is incomplete.`
    : 'resuming is off (resume.enabled); the answer is incomplete.';
  return new StreamIncomplete(`Gemini's stream was cut off: ${CAUSE_TEXT[cause]}; ${tail}`);
}

/** The error the client gets when no key could open the next attempt: why the last try failed. */
export function notResumedError(openFailure: unknown): StreamIncomplete {
  const message = openFailure instanceof Error ? openFailure.message : String(openFailure);
  return new StreamIncomplete(`Gemini's stream was cut off and could not be resumed: ${message}`);
}
