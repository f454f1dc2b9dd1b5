import { StreamIncomplete } from '../../failures/failures.js';
import type { InteractionFrame } from '../../upstream/interactions/parseInteractionEvent.js';
import { InteractionFold } from '../../translate/interactions/interactionOfEvents.js';
import type { GenerationDialect } from '../generation/generationDialect.js';
import { interactionStreamEncoder } from './interactionStreamEncoding.js';

export const INTERACTION_JSON = 'application/json; charset=UTF-8';

/**
 * The Interactions API's answer to a create: its events as Google writes them
 * (interactionStreamEncoding.ts), or the whole interaction a non-streamed create answers, folded from
 * those events (interactionOfEvents.ts) as the client is to see them.
 */
export function interactionDialect(): GenerationDialect<InteractionFrame> {
  return {
    stream: interactionStreamEncoder,
    whole: () => {
      const fold = new InteractionFold();
      return {
        add: (frame) => fold.add(frame.event),
        body: () => {
          const interaction = fold.interaction();
          if (!interaction) throw new StreamIncomplete("Gemini's interaction ended before it completed.");
          return { contentType: INTERACTION_JSON, body: JSON.stringify(interaction) };
        },
      };
    },
  };
}
