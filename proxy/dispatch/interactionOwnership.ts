import { UnknownInteraction } from '../failures/interactionFailures.js';
import type { InteractionOwner } from '../store/interactionOwners.js';
import type { Owner } from './fileOwnership.js';

/** What ownership needs of the store (proxy/store/interactionOwners.ts). */
export interface InteractionOwnerBook {
  ownerOf(id: string, now?: number): InteractionOwner | undefined;
}

/** Where a call about a stored interaction must go. */
export interface InteractionTarget {
  owner: InteractionOwner;
  /** The only project that can serve it, for the pool (`onlyProjectId`), named in its messages. */
  route: Owner;
  /** The id to send Google: the interaction holding the whole turn (after a resumed stream, not the client's). */
  upstreamId: string;
}

/**
 * Stored interactions live in the project that created them: through any other project's key Gemini
 * answers 404. So every call that names one goes to its owner, found in the database, and to no other
 * project; and a client reaches only its own:
 *
 * | the call                                   | goes to                                              |
 * | ------------------------------------------ | ---------------------------------------------------- |
 * | create, no `previous_interaction_id`       | any project the client's policy allows (the pool)    |
 * | create with `previous_interaction_id`      | the owner of that interaction, naming its head at Google |
 * | get, delete, cancel                        | the owner, naming its head                           |
 * | any of them naming an interaction gemgate did not make for this client | nowhere: UnknownInteraction (404) |
 *
 * The owner cooling down is the pool's OwnerUnavailable: a 429 with when it frees up, since no other
 * project could answer but with a 404.
 */
export class InteractionOwnership {
  constructor(
    private readonly book: InteractionOwnerBook,
    private readonly now: () => number = Date.now,
  ) {}

  /** The target of a call about interaction `id` by `clientId`; UnknownInteraction when it is not theirs. */
  targetOf(id: string, clientId: string): InteractionTarget {
    const owner = this.book.ownerOf(id, this.now());
    if (!owner || owner.clientId !== clientId) throw new UnknownInteraction(id);
    return {
      owner,
      route: { projectId: owner.projectId, resource: `interactions/${id}` },
      upstreamId: owner.headId,
    };
  }

  /** Where a create goes: undefined for a new conversation (any project), else its previous turn's owner. */
  targetOfCreate(
    body: { previous_interaction_id?: unknown },
    clientId: string,
  ): InteractionTarget | undefined {
    const previous = body.previous_interaction_id;
    return typeof previous === 'string' && previous.length > 0
      ? this.targetOf(previous, clientId)
      : undefined;
  }
}
