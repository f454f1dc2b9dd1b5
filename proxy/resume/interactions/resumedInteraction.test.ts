import { describe, expect, it } from 'vitest';
import { CONTINUE_INSTRUCTION } from '../gemini/continuation.js';
import { resumedInteraction } from './resumedInteraction.js';

const asked = (text: string) => ({ type: 'user_input', content: [{ type: 'text', text }] });
const said = (text: string) => ({ type: 'model_output', content: [{ type: 'text', text }] });

describe('an interaction as Google keeps it, as its client knows it', () => {
  it('joins a completed stream back into one answer, without what was repeated at the seam', () => {
    const stored = {
      id: 'v1_continuation',
      status: 'completed',
      previous_interaction_id: 'v1_prev_head',
      steps: [
        asked('Tell a story'),
        said('Once upon a ti'),
        asked(CONTINUE_INSTRUCTION),
        { type: 'thought', signature: 's' },
        said('time there was a harbour.'),
      ],
      usage: { total_tokens: 50 },
    };
    expect(resumedInteraction(stored, { id: 'v1_first', previousId: 'v1_prev', seamRemoved: 2 })).toEqual({
      id: 'v1_first',
      status: 'completed',
      previous_interaction_id: 'v1_prev',
      steps: [asked('Tell a story'), said('Once upon a time there was a harbour.')],
      usage: { total_tokens: 50 },
    });
  });

  it('only renames an interaction that needed no continuation', () => {
    const stored = {
      id: 'v1_a',
      status: 'completed',
      previous_interaction_id: 'v1_head',
      steps: [asked('Q'), said('A')],
    };
    expect(resumedInteraction(stored, { id: 'v1_a', previousId: 'v1_prev', seamRemoved: 0 })).toEqual({
      ...stored,
      previous_interaction_id: 'v1_prev',
    });
    expect(
      resumedInteraction(
        { id: 'v1_a', status: 'in_progress' },
        { id: 'v1_a', previousId: null, seamRemoved: 0 },
      ),
    ).toEqual({
      id: 'v1_a',
      status: 'in_progress',
    });
  });

  it('leaves a conversation alone whose user merely said the same words', () => {
    const stored = { id: 'v1_a', status: 'completed', steps: [asked(CONTINUE_INSTRUCTION), said('Sure.')] };
    expect(resumedInteraction(stored, { id: 'v1_a', previousId: null, seamRemoved: 0 }).steps).toEqual(
      stored.steps,
    );
  });
});
