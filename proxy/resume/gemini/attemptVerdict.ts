import type { StreamEnd } from '../../upstream/sseFrameReader.js';
import { causeOfEnd, type ResumeCause } from '../resumeCause.js';
import type { FinishClass } from './finishReasons.js';

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
 * How a Gemini attempt that ran to its end leaves the answer:
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
