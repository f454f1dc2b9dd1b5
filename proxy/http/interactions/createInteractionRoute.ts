import type { Request, Response } from 'express';
import type { InteractionTarget } from '../../dispatch/interactionOwnership.js';
import type { Admission } from '../../policy/policyGate.js';
import type { ClientToken } from '../../store/clientTokens.js';
import type { ApiVersion } from '../../upstream/geminiClient.js';
import type { InteractionWire } from '../../upstream/interactions/interactionWire.js';
import { usageOfInteraction } from '../../translate/interactions/usageOfInteraction.js';
import {
  startInteractionGeneration,
  type InteractionRecorder,
} from '../../resume/interactions/interactionGeneration.js';
import { resumedInteraction } from '../../resume/interactions/resumedInteraction.js';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import { RequestTrace } from '../requestTrace.js';
import { assertServedByGemini } from '../servedByGemini.js';
import { abortOnClientGone } from '../responseWriter.js';
import { serveGeneration } from '../generation/serveGeneration.js';
import { sendWhole } from '../generation/sendWhole.js';
import { INTERACTION_JSON, interactionDialect } from './interactionDialect.js';
import { readInteractionCreate, withStorePolicy, type InteractionCreate } from './readInteractionCreate.js';
import { readUpstreamJson } from './upstreamJson.js';

/**
 * `POST /{v1|v1beta}/interactions`: Gemini's Interactions API through the pool.
 *
 * | the create                         | served                                                        |
 * | ---------------------------------- | ------------------------------------------------------------- |
 * | `stream: true`                     | the resume engine with the Interactions family, streamed      |
 * | whole (`stream` unset)             | the same, streamed from Gemini and folded into one interaction |
 * | `background: true`, not streamed   | relayed whole: Google answers `in_progress` at once           |
 *
 * A new conversation goes to any project the client's policy allows; a follow-up
 * (`previous_interaction_id`) to the project that stores its previous turn, named by the interaction
 * there that holds that turn whole. Google keeps a stored interaction in the project that made it,
 * so gemgate records who owns it before the client hears of it.
 */
export async function createInteraction(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const apiVersion: ApiVersion = req.path.startsWith('/v1beta/') ? 'v1beta' : 'v1';
  const { client } = res.locals as ClientLocals;
  const trace = RequestTrace.ofClient(ctx.usage, res, { dialect: 'gemini', endpoint: 'interactions.create' });
  const { create, admission, target } = trace.admitting(() => {
    const read = readInteractionCreate(req.body);
    trace.model = read.name;
    trace.stream = read.stream;
    if (!read.agent) {
      // The Interactions API is Gemini's: another provider's model is refused by name.
      assertServedByGemini(ctx, read.name, 'interactions');
    }
    // Client policy (model or agent, keys, spend, rpm), then its store rule.
    const admission = ctx.policies.admit(client, read.name);
    const create = withStorePolicy(read, admission.policy);
    // A follow-up goes to its previous turn's owner; another client's, or an unknown one, is a 404.
    const target = ctx.interactions.ownership.targetOfCreate(create.body, client.id);
    if (target) create.body.previous_interaction_id = target.upstreamId;
    return { create, admission, target };
  });
  const recorder = ownershipRecorder(ctx, client, create);
  if (create.background && !create.stream) {
    return trace.serving(() =>
      startBackground(ctx, res, trace, { apiVersion, create, admission, target, recorder }),
    );
  }
  await serveGeneration(ctx, res, trace, {
    stream: create.stream,
    open: async (signal) => ({
      generation: await startInteractionGeneration(
        ctx.interactions.dispatcher,
        {
          apiVersion,
          name: create.name,
          body: create.body,
          names: {
            ...(create.previousId !== undefined ? { previousId: create.previousId } : {}),
            ...(target ? { upstreamPreviousId: target.upstreamId } : {}),
          },
          ...(target ? { owner: target.route } : {}),
          keyScope: admission.keyScope,
          signal,
          recorder,
        },
        admission.resume(ctx.resumeSettings()),
      ),
      dialect: interactionDialect(),
    }),
  });
}

interface BackgroundCreate {
  apiVersion: ApiVersion;
  create: InteractionCreate;
  admission: Admission;
  target: InteractionTarget | undefined;
  recorder: InteractionRecorder;
}

/**
 * A background run: Google answers at once (`in_progress`), and the client polls it. Relayed whole,
 * its owner recorded first; its usage is logged by the poll that finds it finished.
 */
async function startBackground(
  ctx: GatewayContext,
  res: Response,
  trace: RequestTrace,
  { apiVersion, create, admission, target, recorder }: BackgroundCreate,
): Promise<void> {
  const started = performance.now();
  const abort = abortOnClientGone(res);
  const opened = await ctx.interactions.dispatcher.open({
    apiVersion,
    method: 'POST',
    path: 'interactions',
    body: create.body,
    quotaBucket: create.name,
    ...(target ? { owner: target.route } : {}),
    keyScope: admission.keyScope,
    signal: abort.signal,
  });
  trace.key(opened.lease.keyId);
  const interaction = (await readUpstreamJson(opened)) as InteractionWire;
  recorder.created(interaction, opened.lease.projectId);
  const shown = resumedInteraction(interaction, {
    id: interaction.id,
    previousId: create.previousId ?? null,
    seamRemoved: 0,
  });
  sendWhole(res, trace, {
    contentType: INTERACTION_JSON,
    body: JSON.stringify(shown),
    keyId: opened.lease.keyId,
    started,
    upstreamMs: opened.upstreamMs,
    log: () => trace.ok(usageOfInteraction(interaction.usage)),
  });
}

/**
 * Keeps the owner of each interaction the client creates (not of one Google does not store): its
 * project and client, before the client hears its id; later, a resumed one's head.
 */
function ownershipRecorder(
  ctx: GatewayContext,
  client: ClientToken,
  create: InteractionCreate,
): InteractionRecorder {
  const owners = ctx.interactions.owners;
  return {
    created(interaction, projectId) {
      if (!create.store || typeof interaction.id !== 'string') return;
      owners.record({
        id: interaction.id,
        projectId,
        clientId: client.id,
        model: create.name,
        previousId: create.previousId ?? null,
        headId: interaction.id,
        upstreamIds: [interaction.id],
        seamRemoved: 0,
        background: create.background,
        // A background run created whole has no usage yet: the poll that finds it finished logs it.
        usageLogged: !(create.background && !create.stream),
        createdAt: Date.now(),
      });
    },
    resumed(id, headId, upstreamIds, seamRemoved) {
      const owner = owners.ownerOf(id);
      if (owner) owners.record({ ...owner, headId, upstreamIds, seamRemoved });
    },
  };
}
