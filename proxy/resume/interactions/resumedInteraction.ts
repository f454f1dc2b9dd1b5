import type { InteractionWire, StepWire } from '../../upstream/interactions/interactionWire.js';
import { CONTINUE_INSTRUCTION, CONTINUE_JSON_INSTRUCTION } from '../gemini/continuation.js';

/** What gemgate recorded of an interaction it made (proxy/store/interactionOwners.ts). */
export interface InteractionView {
  /** The id the client holds. */
  id: string;
  /** The `previous_interaction_id` the client sent, if any. */
  previousId: string | null;
  /** Characters of repeated text removed where the last continuation joined the answer. */
  seamRemoved: number;
}

const INSTRUCTIONS = new Set([CONTINUE_INSTRUCTION, CONTINUE_JSON_INSTRUCTION]);

/**
 * An interaction as Google keeps it -> as its client knows it. After gemgate completed a cut stream,
 * the interaction holding the whole turn at Google is the last continuation, whose steps carry how it
 * was asked for (interactionContinuation.ts); the client sees its one interaction instead:
 *
 * | Google's (the continuation)                                       | the client's                       |
 * | ----------------------------------------------------------------- | ---------------------------------- |
 * | `id`                                                              | the id the client was given        |
 * | `previous_interaction_id` (the previous turn's head at Google)    | the one the client sent            |
 * | `model_output` (text so far), `user_input` (asked to continue), `thought`…, `model_output` (the rest) | one `model_output`: the text so far and the rest, without what was repeated at the seam |
 *
 * An interaction that needed no continuation is only renamed.
 */
export function resumedInteraction(stored: InteractionWire, view: InteractionView): InteractionWire {
  const out: InteractionWire = { ...stored, id: view.id };
  if ('previous_interaction_id' in out || view.previousId !== null) {
    if (view.previousId === null) delete out.previous_interaction_id;
    else out.previous_interaction_id = view.previousId;
  }
  if (Array.isArray(stored.steps)) out.steps = joinContinuation(stored.steps, view.seamRemoved);
  return out;
}

function joinContinuation(steps: StepWire[], seamRemoved: number): StepWire[] {
  const asked = steps.findLastIndex(
    (step, i) =>
      step.type === 'user_input' && INSTRUCTIONS.has(textOf(step)) && steps[i - 1]?.type === 'model_output',
  );
  if (asked < 1) return steps;
  let rest = asked + 1;
  while (steps[rest]?.type === 'thought') rest++;
  const said = steps[asked - 1]!;
  const more = steps[rest];
  if (more?.type !== 'model_output') return steps;
  const joined = textOf(said) + [...textOf(more)].slice(seamRemoved).join('');
  return [
    ...steps.slice(0, asked - 1),
    { ...more, content: [{ type: 'text', text: joined }] },
    ...steps.slice(rest + 1),
  ];
}

function textOf(step: StepWire): string {
  return (step.content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : '')).join('');
}
