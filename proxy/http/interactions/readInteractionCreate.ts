import { GatewayError } from '../gatewayError.js';

/** A create request, as gemgate needs to know it before it goes to the pool. */
export interface InteractionCreate {
  /** The body to send Google: the client's (a copy), `model` without `models/`. */
  body: Record<string, unknown>;
  /** The model or agent: what the policy allows, the quota bucket, the request log's model. */
  name: string;
  agent: boolean;
  stream: boolean;
  background: boolean;
  /** Google keeps it (`store` unset or true). */
  store: boolean;
  previousId?: string;
}

const invalid = (message: string) => new GatewayError(400, message, { code: 'invalid_request' });

/**
 * Reads a create body (`CreateModelInteraction` / `CreateAgentInteraction` of @google/genai 3.6.1)
 * for what gemgate decides by: the model or agent, streaming, background, storing, the previous turn.
 * Everything else goes to Google as the client wrote it, and Google judges it.
 *
 * | body                                            | result                                   |
 * | ----------------------------------------------- | ---------------------------------------- |
 * | not a JSON object                               | 400                                      |
 * | `model` and `agent` both, or neither            | 400                                      |
 * | `stream`, `background`, `store` not booleans    | 400                                      |
 * | `previous_interaction_id` not a non-empty string| 400                                      |
 * | `model: "models/x"`                             | name `x` (and `model: "x"` sent)         |
 */
export function readInteractionCreate(raw: unknown): InteractionCreate {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalid('The request body must be a JSON object.');
  }
  const body = { ...(raw as Record<string, unknown>) };
  const { model, agent } = body;
  if (model !== undefined && agent !== undefined) throw invalid('Specify either model or agent, not both.');
  if (!(typeof model === 'string' && model.length > 0) && !(typeof agent === 'string' && agent.length > 0)) {
    throw invalid('model or agent is required.');
  }
  for (const flag of ['stream', 'background', 'store'] as const) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean')
      throw invalid(`${flag} must be a boolean.`);
  }
  const previous = body.previous_interaction_id;
  if (previous !== undefined && (typeof previous !== 'string' || previous.length === 0)) {
    throw invalid('previous_interaction_id must be the id of an interaction.');
  }
  if (typeof model === 'string') body.model = model.replace(/^models\//, '');
  return {
    body,
    name: typeof agent === 'string' ? agent : (body.model as string),
    agent: typeof agent === 'string',
    stream: body.stream === true,
    background: body.background === true,
    store: body.store !== false,
    ...(typeof previous === 'string' ? { previousId: previous } : {}),
  };
}

/**
 * The client policy's store rule: a client whose interactions are not to be stored at Google
 * (`storeInteractions: false`) gets `store: false` on every create, and a request that needs a stored
 * interaction (a previous turn, a background run) is refused, as Google refuses it with `store: false`.
 */
export function withStorePolicy(
  create: InteractionCreate,
  policy: { storeInteractions?: boolean },
): InteractionCreate {
  if (policy.storeInteractions !== false) return create;
  const needs =
    create.previousId !== undefined
      ? 'previous_interaction_id'
      : create.background
        ? 'background: true'
        : undefined;
  if (needs) {
    throw invalid(
      `This client's policy keeps its interactions from being stored at Google (storeInteractions), and ${needs} needs a stored interaction.`,
    );
  }
  return { ...create, body: { ...create.body, store: false }, store: false };
}
