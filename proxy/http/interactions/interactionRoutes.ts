import { Router, type Request, type Response } from 'express';
import type { OpenedCall } from '../../dispatch/failover.js';
import { POLL_BUCKET } from '../../dispatch/interactionDispatcher.js';
import type { InteractionTarget } from '../../dispatch/interactionOwnership.js';
import type { UsageMetadata } from '../../gemini/types.js';
import { resumedInteraction, type InteractionView } from '../../resume/interactions/resumedInteraction.js';
import { usageOfInteraction } from '../../translate/interactions/usageOfInteraction.js';
import type { ApiVersion } from '../../upstream/geminiClient.js';
import { FINAL_STATUSES, type InteractionWire } from '../../upstream/interactions/interactionWire.js';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import { RequestTrace } from '../requestTrace.js';
import { abortOnClientGone } from '../responseWriter.js';
import { sendWhole } from '../generation/sendWhole.js';
import { INTERACTION_JSON } from './interactionDialect.js';
import { relayInteractionEvents } from './relayInteractionEvents.js';
import { readUpstreamJson } from './upstreamJson.js';

const ITEM = /^\/(v1beta|v1)\/interactions\/([^/:]+)$/;
const CANCEL = /^\/(v1beta|v1)\/interactions\/([^/:]+)(?:\/|:)cancel$/;

/** What a GET passes on to Google of the client's query (`interactionsGet` of @google/genai 3.6.1). */
const GET_QUERY = ['stream', 'last_event_id', 'include_input'] as const;

/**
 * The calls about one stored interaction (ai.google.dev/api/interactions-api), each sent to the
 * project that stores it, naming the interaction there that holds its turn whole, for the client
 * that made it only (another's, or one gemgate did not make, is a 404 as Google answers a stranger,
 * and Google is not asked):
 *
 * | route                                      | does                                                          |
 * | ------------------------------------------ | ------------------------------------------------------------- |
 * | `GET /{v}/interactions/{id}`               | the interaction as its client knows it (resumedInteraction.ts); a background run's usage logged by the poll that finds it finished |
 * | `GET /{v}/interactions/{id}?stream=true`   | its events, relayed (`last_event_id` resumes them), renamed as the client's |
 * | `DELETE /{v}/interactions/{id}`            | deletes it and every attempt of it at Google, then forgets it |
 * | `POST /{v}/interactions/{id}/cancel`       | cancels a background run (`…/{id}:cancel` too)                |
 *
 * They draw on a quota bucket of their own (POLL_BUCKET), not the model's.
 */
export function interactionRoutes(ctx: GatewayContext): Router {
  const router = Router();
  router.get(ITEM, (req, res) => aboutInteraction(ctx, req, res, 'interactions.get', getInteraction));
  router.delete(ITEM, (req, res) =>
    aboutInteraction(ctx, req, res, 'interactions.delete', deleteInteraction),
  );
  router.post(CANCEL, (req, res) =>
    aboutInteraction(ctx, req, res, 'interactions.cancel', cancelInteraction),
  );
  return router;
}

interface About {
  ctx: GatewayContext;
  req: Request;
  res: Response;
  trace: RequestTrace;
  apiVersion: ApiVersion;
  id: string;
  target: InteractionTarget;
  signal: AbortSignal;
  started: number;
}

/** One call about interaction `id`: found for its client (a rejection when not), then served. */
async function aboutInteraction(
  ctx: GatewayContext,
  req: Request,
  res: Response,
  endpoint: string,
  serve: (about: About) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const [, version, rawId] = (endpoint === 'interactions.cancel' ? CANCEL : ITEM).exec(req.path)!;
  const id = decodeURIComponent(rawId!);
  const { client } = res.locals as ClientLocals;
  const trace = RequestTrace.ofClient(ctx.usage, res, { dialect: 'gemini', endpoint });
  const target = trace.admitting(() => ctx.interactions.ownership.targetOf(id, client.id));
  trace.model = target.owner.model;
  const signal = abortOnClientGone(res).signal;
  await trace.serving(() =>
    serve({ ctx, req, res, trace, apiVersion: version as ApiVersion, id, target, signal, started }),
  );
}

function open(
  about: About,
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  stream = false,
): Promise<OpenedCall> {
  return about.ctx.interactions.dispatcher.open({
    apiVersion: about.apiVersion,
    method,
    path,
    quotaBucket: POLL_BUCKET,
    owner: about.target.route,
    signal: about.signal,
    stream,
  });
}

function viewOf(about: About): InteractionView {
  const { owner } = about.target;
  return { id: about.id, previousId: owner.previousId, seamRemoved: owner.seamRemoved };
}

async function getInteraction(about: About): Promise<void> {
  const { req, res, trace, target } = about;
  const query = new URLSearchParams();
  for (const name of GET_QUERY) {
    const value = req.query[name];
    if (typeof value === 'string') query.set(name, value);
  }
  const stream = query.get('stream') === 'true';
  const path = `interactions/${encodeURIComponent(target.upstreamId)}${query.size > 0 ? `?${query}` : ''}`;
  const opened = await open(about, 'GET', path, stream);
  trace.key(opened.lease.keyId);
  if (stream) {
    const completed = await relayInteractionEvents(res, opened, viewOf(about), target.upstreamId);
    trace.ok(completed ? usageOnce(about, completed) : undefined);
    return;
  }
  const interaction = (await readUpstreamJson(opened)) as InteractionWire;
  const usage = FINAL_STATUSES.has(interaction.status) ? usageOnce(about, interaction) : undefined;
  answer(about, opened, resumedInteraction(interaction, viewOf(about)), usage);
}

async function deleteInteraction(about: About): Promise<void> {
  const { owner } = about.target;
  // The client's interaction first: its answer is the client's; the attempts of a resumed stream after.
  const ids = [owner.id, ...owner.upstreamIds.filter((id) => id !== owner.id)];
  const opened = await open(about, 'DELETE', `interactions/${encodeURIComponent(ids[0]!)}`);
  about.trace.key(opened.lease.keyId);
  const body = await opened.response.body.text();
  for (const id of ids.slice(1)) {
    try {
      const more = await open(about, 'DELETE', `interactions/${encodeURIComponent(id)}`);
      await more.response.body.dump();
    } catch {
      // Already gone at Google, or its project cannot serve now: Google deletes it in time anyway.
    }
  }
  about.ctx.interactions.owners.delete(owner.id);
  sendWhole(about.res, about.trace, {
    contentType: INTERACTION_JSON,
    body: body.length > 0 ? body : '{}',
    keyId: opened.lease.keyId,
    started: about.started,
    upstreamMs: opened.upstreamMs,
    log: () => about.trace.ok(),
  });
}

async function cancelInteraction(about: About): Promise<void> {
  const opened = await open(
    about,
    'POST',
    `interactions/${encodeURIComponent(about.target.upstreamId)}/cancel`,
  );
  about.trace.key(opened.lease.keyId);
  const interaction = (await readUpstreamJson(opened)) as InteractionWire;
  answer(about, opened, resumedInteraction(interaction, viewOf(about)), undefined);
}

function answer(about: About, opened: OpenedCall, body: unknown, usage: UsageMetadata | undefined): void {
  sendWhole(about.res, about.trace, {
    contentType: INTERACTION_JSON,
    body: JSON.stringify(body),
    keyId: opened.lease.keyId,
    started: about.started,
    upstreamMs: opened.upstreamMs,
    log: () => about.trace.ok(usage),
  });
}

/**
 * A background run's usage, for the request log, once: the first call that finds it finished logs it.
 * Every other interaction's usage was logged when it was made.
 */
function usageOnce(about: About, interaction: InteractionWire): UsageMetadata | undefined {
  const { owner } = about.target;
  if (owner.usageLogged || !about.ctx.interactions.owners.markUsageLogged(owner.id)) return undefined;
  return usageOfInteraction(interaction.usage);
}
