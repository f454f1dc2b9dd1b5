import type { StreamEnd } from '../../upstream/sseFrameReader.js';
import type { GenerationOutcome } from '../generation.js';
import { causeOfEnd, type ResumeCause } from '../resumeCause.js';
import type { InteractionFinish } from './interactionAttempt.js';

/**
 * How an attempt left the answer: final (`sendFinish`: the client has not seen it end, gemgate closes
 * it), or cut, and why.
 */
export type InteractionVerdict =
  | {
      outcome: Exclude<GenerationOutcome, 'incomplete' | 'aborted'>;
      finishReason: string;
      sendFinish?: true;
    }
  | { cause: ResumeCause };

/** What the judge reads of one attempt (InteractionAttemptFilter). */
export interface InteractionAttemptFacts {
  finish: InteractionFinish | undefined;
  sawThoughts: boolean;
  sawVisible: boolean;
}

/**
 * How one attempt at a streamed interaction leaves the answer. `interaction.completed` is the
 * interaction's own finish (the `[DONE]` after it adds nothing); its status says how it ended:
 *
 * | the attempt ended with                                    | verdict                                   |
 * | --------------------------------------------------------- | ----------------------------------------- |
 * | `completed`, `incomplete`, `budget_exceeded`, `cancelled`, `requires_continuation`, `idle` | complete, that status |
 * | `requires_action`, or any final status after a function call | tool-call                              |
 * | `failed`                                                  | policy-stop: Google ended it; asked again it would end the same |
 * | `completed` with nothing for the client (held back)       | cause `thoughts-only`, or `empty`         |
 * | no `interaction.completed`, after a function call started | tool-call; gemgate closes it (`requires_action`) |
 * | no `interaction.completed`                                | cut: the cause from how it ended (`[DONE]` early: no-finish-reason; half an event; an error event; the connection; a stall) |
 *
 * A finished or cut tool call is never continued: continuing would ask the model to call again.
 * `requires_continuation` is Google's own resume point: the client's SDK continues it with the token.
 */
export function interactionVerdict(
  end: StreamEnd,
  attempt: InteractionAttemptFacts,
  toolCallSent: boolean,
): InteractionVerdict {
  const finish = attempt.finish;
  if (finish && !finish.empty) {
    if (finish.status === 'failed') return { outcome: 'policy-stop', finishReason: finish.status };
    const toolCall = toolCallSent || finish.status === 'requires_action';
    return { outcome: toolCall ? 'tool-call' : 'complete', finishReason: finish.status };
  }
  if (finish?.empty) return { cause: attempt.sawThoughts && !attempt.sawVisible ? 'thoughts-only' : 'empty' };
  if (toolCallSent) return { outcome: 'tool-call', finishReason: 'requires_action', sendFinish: true };
  return { cause: causeOfEnd(end) };
}
