import { describe, expect, it } from 'vitest';
import { UnknownInteraction } from '../failures/interactionFailures.js';
import type { InteractionOwner } from '../store/interactionOwners.js';
import { InteractionOwnership } from './interactionOwnership.js';

const owner = (id: string, extra: Partial<InteractionOwner> = {}): InteractionOwner => ({
  id,
  projectId: 'proj_a',
  clientId: 'tok_me',
  model: 'gemini-2.5-flash',
  previousId: null,
  headId: id,
  upstreamIds: [id],
  seamRemoved: 0,
  background: false,
  usageLogged: true,
  createdAt: 0,
  ...extra,
});

const book = new Map<string, InteractionOwner>([
  ['v1_mine', owner('v1_mine')],
  [
    'v1_resumed',
    owner('v1_resumed', { headId: 'v1_continuation', upstreamIds: ['v1_resumed', 'v1_continuation'] }),
  ],
  ['v1_theirs', owner('v1_theirs', { clientId: 'tok_other', projectId: 'proj_b' })],
]);
const ownership = new InteractionOwnership({ ownerOf: (id) => book.get(id) });

describe('where a call about a stored interaction goes', () => {
  it('sends a new conversation anywhere the pool likes', () => {
    expect(ownership.targetOfCreate({}, 'tok_me')).toBeUndefined();
    expect(ownership.targetOfCreate({ previous_interaction_id: '' }, 'tok_me')).toBeUndefined();
  });

  it('sends a follow-up, a get, a delete or a cancel to the owning project only', () => {
    expect(ownership.targetOfCreate({ previous_interaction_id: 'v1_mine' }, 'tok_me')).toEqual({
      owner: book.get('v1_mine'),
      route: { projectId: 'proj_a', resource: 'interactions/v1_mine' },
      upstreamId: 'v1_mine',
    });
    expect(ownership.targetOf('v1_mine', 'tok_me').route.projectId).toBe('proj_a');
  });

  it('names to Google the interaction holding the whole turn of a stream gemgate completed', () => {
    expect(ownership.targetOf('v1_resumed', 'tok_me').upstreamId).toBe('v1_continuation');
  });

  it.each([
    ['another client’s', 'v1_theirs'],
    ['an unknown', 'v1_never'],
  ])('answers %s interaction as Google answers a stranger', (_name, id) => {
    expect(() => ownership.targetOf(id, 'tok_me')).toThrow(UnknownInteraction);
    expect(() => ownership.targetOfCreate({ previous_interaction_id: id }, 'tok_me')).toThrow(
      `Interaction '${id}' was not found.`,
    );
  });
});
