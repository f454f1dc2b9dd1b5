import type { StreamEnd } from '../../upstream/readGeminiStream.js';
import type { InteractionStreamEnd } from '../../upstream/interactions/parseInteractionEvent.js';
import { causeOfEnd, type AttemptVerdict } from '../resumeCause.js';
import type { InteractionFinish } from './interactionAttempt.js';

/** How an Interactions stream ended: what it said (the sentinel, an error), or how its bytes ended. */
export type InteractionAttemptEnd = InteractionStreamEnd | Exclude<StreamEnd, { kind: 'upstream-error' }>;

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
  end: InteractionAttemptEnd,
  attempt: InteractionAttemptFacts,
  toolCallSent: boolean,
): AttemptVerdict {
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
