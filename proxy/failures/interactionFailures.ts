import type { UpstreamVerdict } from '../upstream/classifyOutcome.js';
import type { InteractionErrorWire } from '../upstream/interactions/interactionWire.js';
import { Failure, UpstreamFailure } from './failures.js';

/**
 * The client named an interaction it cannot see through gemgate: never made through gemgate, made by
 * another client, deleted, or past Google's retention. Told the way Google tells a stranger (404
 * `not_found`): whether someone else has one of that id is not the client's to learn.
 */
export class UnknownInteraction extends Failure {
  override name = 'UnknownInteraction';

  constructor(readonly id: string) {
    super(`Interaction '${id}' was not found.`);
  }
}

/**
 * The Interactions service answered an error in its own envelope (`{error: {code: "not_found",
 * message}}`): relayed to the client as Google wrote it, `verdict` saying whose fault it is.
 */
export class InteractionUpstreamFailure extends UpstreamFailure {
  override name = 'InteractionUpstreamFailure';

  constructor(
    status: number,
    readonly body: InteractionErrorWire,
    verdict: UpstreamVerdict,
  ) {
    super(status, undefined, verdict);
    this.message = body.error.message || `Gemini answered HTTP ${status}.`;
  }
}
