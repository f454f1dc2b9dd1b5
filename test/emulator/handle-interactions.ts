import type { IncomingMessage, ServerResponse } from 'node:http';
import { type EmulatorState, parseJsonBody } from './context.js';
import { quotaExceeded } from './errors.js';
import { faultPosition, takeLeadingFault } from './faults.js';
import { openStream, paceLikeStream, playFrames } from './play-frames.js';
import { usageFor } from './frames.js';
import { isoSeconds, type StoredInteraction } from './interaction-book.js';
import {
  encodeEvent,
  eventId,
  interactionEvents,
  snapshot,
  truncatedRun,
  wholeInteraction,
  type EventFrame,
  type InteractionRun,
} from './interaction-events.js';
import {
  interactionError,
  interactionNotFound,
  sendInteractionError,
  type InteractionError,
} from './interaction-errors.js';
import {
  contentsOf,
  generateRequestOf,
  inputSteps,
  interactionUsage,
  isObject,
} from './interaction-steps.js';
import { findModel, supports, type EmulatedModel } from './models.js';
import { planAnswer, type Plan } from './plan.js';
import { Seed } from './seed.js';
import { mintSignature } from './signatures.js';
import { codePointLength } from './text.js';
import { tallyRequest } from './tokens.js';
import type { ApiVersion, Fault } from './types.js';
import {
  headers,
  nextTurn,
  prettyJson,
  sendError,
  sendJson,
  sendWholeUnderFault,
  SSE_TYPE,
  writeChunk,
} from './wire.js';

/**
 * The Interactions API (ai.google.dev/api/interactions-api), at the paths @google/genai 3.6.1 calls
 * (`interactionsCreate`, `interactionsGet`, `interactionsDelete`, `interactionsCancel` in its dist):
 *
 *   POST   /{v1|v1beta}/interactions                 create (whole, streamed, background)
 *   GET    /{v1|v1beta}/interactions/{id}            get; `?stream=true[&last_event_id=]` replays its events
 *   DELETE /{v1|v1beta}/interactions/{id}            delete (answers `{}`)
 *   POST   /{v1|v1beta}/interactions/{id}/cancel     cancel a background run (`:cancel` too)
 *
 * Checks on create, in order: the key (the caller did it); the body; `model` xor `agent`, each known;
 * store/background/previous rules; `input`; the previous interaction in this project; the project's
 * quota for the model or agent; then one queued fault (for this key and the model or agent); then the
 * answer, from the same plan generateContent uses.
 */
export type InteractionsRoute =
  | { action: 'interactions.create'; apiVersion: ApiVersion }
  | {
      action: 'interactions.get' | 'interactions.delete' | 'interactions.cancel';
      apiVersion: ApiVersion;
      id: string;
    };

const COLLECTION = /^\/(v1|v1beta)\/interactions\/?$/;
const ITEM = /^\/(v1|v1beta)\/interactions\/([^/:]+)(?:(?:\/|:)(cancel))?$/;

export function matchInteractionsRoute(method: string, pathname: string): InteractionsRoute | undefined {
  const collection = COLLECTION.exec(pathname);
  if (collection && method === 'POST') {
    return { action: 'interactions.create', apiVersion: collection[1] as ApiVersion };
  }
  const item = ITEM.exec(pathname);
  if (!item) return undefined;
  const apiVersion = item[1] as ApiVersion;
  const id = decodeURIComponent(item[2]!);
  if (item[3] === 'cancel')
    return method === 'POST' ? { action: 'interactions.cancel', apiVersion, id } : undefined;
  if (method === 'GET') return { action: 'interactions.get', apiVersion, id };
  if (method === 'DELETE') return { action: 'interactions.delete', apiVersion, id };
  return undefined;
}

/** Agents the emulator runs (`AgentOption` of @google/genai 3.6.1), on the model that answers for them. */
export const AGENTS: Record<string, string> = {
  'deep-research-pro-preview-12-2025': 'gemini-2.5-pro',
  'deep-research-preview-04-2026': 'gemini-2.5-pro',
  'deep-research-max-preview-04-2026': 'gemini-2.5-pro',
};

export interface InteractionCall {
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  rawBody: Buffer;
  apiKey: string;
  projectId: string;
}

export async function handleInteractions(
  state: EmulatorState,
  route: InteractionsRoute,
  call: InteractionCall,
): Promise<void> {
  if (route.action === 'interactions.create') return create(state, route.apiVersion, call);
  const record = state.interactions.find(route.id, call.projectId);
  if (!record) return sendInteractionError(call.res, interactionNotFound(route.id));
  switch (route.action) {
    case 'interactions.delete':
      state.interactions.delete(route.id, call.projectId);
      return sendJson(call.res, 200, {});
    case 'interactions.cancel':
      if (record.status !== 'in_progress') {
        return sendInteractionError(
          call.res,
          interactionError(
            400,
            'invalid_request',
            `Interaction '${route.id}' is ${record.status}; only a background interaction still in progress can be cancelled.`,
          ),
        );
      }
      return sendJson(call.res, 200, state.interactions.cancel(record));
    case 'interactions.get':
      if (call.query.get('stream') === 'true') return replay(state, record, call);
      return sendJson(
        call.res,
        200,
        state.interactions.poll(record, call.query.get('include_input') === 'true'),
      );
  }
}

interface CreateFacts {
  body: Record<string, unknown>;
  /** The model or agent name: what quotas and faults are kept by. */
  name: string;
  model: EmulatedModel;
  who: InteractionRun['who'];
  stream: boolean;
  background: boolean;
  store: boolean;
  previousId?: string;
}

function invalid(message: string): InteractionError {
  return interactionError(400, 'invalid_request', message);
}

/** The create body's own rules, before anything is looked up. */
function readCreate(body: unknown): CreateFacts | InteractionError {
  if (!isObject(body)) return invalid('The request body must be a JSON object.');
  const { model, agent } = body;
  if (model !== undefined && agent !== undefined) return invalid('Specify either model or agent, not both.');
  if (typeof model !== 'string' && typeof agent !== 'string') return invalid('model or agent is required.');
  for (const flag of ['stream', 'background', 'store'] as const) {
    if (body[flag] !== undefined && typeof body[flag] !== 'boolean')
      return invalid(`${flag} must be a boolean.`);
  }
  const store = body.store !== false;
  const background = body.background === true;
  const previous = body.previous_interaction_id;
  if (previous !== undefined && (typeof previous !== 'string' || previous.length === 0)) {
    return invalid('previous_interaction_id must be an interaction id.');
  }
  if (!store && background)
    return invalid('background requires store: a background interaction must be stored.');
  if (!store && previous !== undefined) return invalid('previous_interaction_id requires store: true.');
  if (body.continuation_token !== undefined)
    return invalid('continuation_token is not valid for this interaction.');
  let found: EmulatedModel | undefined;
  if (typeof agent === 'string') {
    const base = AGENTS[agent];
    if (!base) return interactionError(404, 'not_found', `Agent '${agent}' was not found.`);
    if (!background) return invalid(`Agent '${agent}' runs only in the background: set background: true.`);
    found = findModel(base);
  } else {
    found = findModel(model as string);
    if (!found || found.output !== 'text' || !supports(found, 'generateContent')) {
      return interactionError(
        404,
        'not_found',
        `Model '${String(model)}' was not found or does not support interactions.`,
      );
    }
  }
  return {
    body,
    name: typeof agent === 'string' ? agent : (model as string),
    model: found!,
    who: typeof agent === 'string' ? { agent } : { model: model as string },
    stream: body.stream === true,
    background,
    store,
    ...(typeof previous === 'string' ? { previousId: previous } : {}),
  };
}

async function create(state: EmulatorState, apiVersion: ApiVersion, call: InteractionCall): Promise<void> {
  const parsed = parseJsonBody(call.rawBody);
  if (!parsed.ok) return sendError(call.res, parsed.error);
  const facts = readCreate(parsed.value);
  if ('error' in facts) return sendInteractionError(call.res, facts);
  const steps = inputSteps(facts.body.input);
  if (!steps.ok) return sendInteractionError(call.res, steps.error);
  const history = facts.previousId ? state.interactions.conversation(facts.previousId, call.projectId) : [];
  if (!history) return sendInteractionError(call.res, interactionNotFound(facts.previousId!));
  const request = generateRequestOf(facts.body, [...history, ...contentsOf(steps.value)]);

  const now = state.now();
  const denial = state.quotas.admit(call.projectId, facts.name, tallyRequest(request).total, now);
  if (denial)
    return sendError(call.res, quotaExceeded(denial.kind, facts.name, denial.limit, denial.retryDelayMs));
  const fault = await takeLeadingFault(state, call.res, {
    apiKey: call.apiKey,
    projectId: call.projectId,
    model: facts.name,
    apiVersion,
  });
  if (fault === 'answered') return;

  const plan = planAnswer({
    req: request,
    model: facts.model,
    projectId: call.projectId,
    book: state.answers,
    fault,
  });
  const run = runOf(state.interactions.newId(), plan, facts, call.projectId, isoSeconds(now), fault);
  const keep = (status: string, answer: InteractionRun, events: EventFrame[]) =>
    facts.store
      ? state.interactions.put({
          run: answer,
          projectId: call.projectId,
          input: facts.body.input,
          inputSteps: steps.value,
          status,
          events,
          pollsLeft: status === 'in_progress' ? state.backgroundPolls : 0,
        })
      : undefined;

  if (facts.stream) return sendEvents(state, call.res, run, fault, keep);
  const events = interactionEvents(run, { chunkChars: state.chunkChars });
  if (facts.background) {
    keep('in_progress', run, events);
    return sendJson(call.res, 200, snapshot(run, 'in_progress'));
  }
  keep(run.status, run, events);
  return sendWhole(state, call.res, run, fault);
}

/** The plan's answer as one interaction's run, a `finish` fault applied. */
function runOf(
  id: string,
  plan: Plan,
  facts: CreateFacts,
  projectId: string,
  created: string,
  fault: Fault | undefined,
): InteractionRun {
  const seed = new Seed(`interaction:${id}`);
  const calls = plan.functionCalls.map((call, i) => ({
    type: 'function_call' as const,
    id: `call_${seed.hex(16)}${i}`,
    name: call.name,
    arguments: call.args ?? {},
  }));
  const usage = interactionUsage(usageFor(plan, plan.text, calls.length > 0));
  const thought = plan.thinking
    ? {
        type: 'thought' as const,
        signature: plan.signature ?? mintSignature(projectId, seed.hex(12)),
        ...(plan.includeThoughts && plan.thoughts
          ? { summary: [{ type: 'text' as const, text: plan.thoughts }] }
          : {}),
      }
    : undefined;
  const run: InteractionRun = {
    id,
    who: facts.who,
    created,
    updated: created,
    status: statusOf(plan.blockReason ? 'BLOCKED' : plan.finishReason, calls.length > 0),
    ...(facts.previousId ? { previousId: facts.previousId } : {}),
    ...(thought ? { thought } : {}),
    text: plan.text,
    calls,
    usage,
    background: facts.background,
  };
  if (fault?.kind !== 'finish') return run;
  const chars = Math.min(fault.afterChars ?? codePointLength(plan.text), codePointLength(plan.text));
  const cut = truncatedRun(run, chars, statusOf(fault.finishReason, false));
  return { ...cut, usage: interactionUsage(usageFor(plan, cut.text, false)) };
}

/** How a finish reason reads as an interaction's status. */
function statusOf(finishReason: string, calls: boolean): string {
  if (calls) return 'requires_action';
  if (finishReason === 'STOP') return 'completed';
  if (finishReason === 'MAX_TOKENS') return 'incomplete';
  return 'failed';
}

function strikesBefore(frame: EventFrame, position: number): boolean {
  if (frame.kind === 'text') return frame.visibleAfter > position;
  return frame.kind === 'stop' || frame.kind === 'close' || frame.kind === 'done';
}

type Keep = (status: string, run: InteractionRun, events: EventFrame[]) => StoredInteraction | undefined;

async function sendEvents(
  state: EmulatorState,
  res: ServerResponse,
  run: InteractionRun,
  fault: Fault | undefined,
  keep: Keep,
): Promise<void> {
  const total = codePointLength(run.text);
  const position = faultPosition(fault, total);
  const frames = interactionEvents(run, {
    chunkChars: state.chunkChars,
    ...(position === undefined ? {} : { breakAt: position }),
  });
  openStream(res, SSE_TYPE);
  const played = await playFrames(state, res, frames, fault, position, {
    encode: encodeEvent,
    strikesBefore,
  });
  if (!played.finished) {
    // A background run goes on without its client (its stream can be read again, after the last
    // event the client got); a foreground one that dies is left as far as it got.
    if (run.background) return void keep(run.status, run, frames);
    const cut = truncatedRun(run, frames[played.sent - 1]?.visibleAfter ?? 0, 'failed');
    keep('failed', cut, interactionEvents(cut, { chunkChars: state.chunkChars }));
    return;
  }
  keep(run.status, run, frames);
  res.end();
}

async function sendWhole(
  state: EmulatorState,
  res: ServerResponse,
  run: InteractionRun,
  fault: Fault | undefined,
): Promise<void> {
  const body = `${prettyJson(wholeInteraction(run))}\n`;
  if (await sendWholeUnderFault(res, body, fault, state.signal)) return;
  switch (fault?.kind) {
    case 'endWithoutFinish': {
      const chars = faultPosition(fault, codePointLength(run.text)) ?? 0;
      return sendJson(res, 200, wholeInteraction(truncatedRun(run, chars, 'in_progress')));
    }
    default:
      // As late as the same answer streamed would end: a pause for each chunk of its text.
      await paceLikeStream(state, res, Math.ceil(codePointLength(run.text) / state.chunkChars));
      return sendJson(res, 200, wholeInteraction(run));
  }
}

/**
 * `GET …?stream=true`: the interaction's events from the start, or from the one after
 * `last_event_id`; a background run still going finishes while it is streamed.
 */
async function replay(state: EmulatorState, record: StoredInteraction, call: InteractionCall): Promise<void> {
  const after = call.query.get('last_event_id');
  let from = 0;
  if (after !== null) {
    const index = record.events.findIndex((_, i) => eventId(record.run.id, i) === after);
    if (index < 0) {
      return sendInteractionError(
        call.res,
        invalid(`last_event_id '${after}' is not an event of this interaction.`),
      );
    }
    from = index + 1;
  }
  if (record.status === 'in_progress') state.interactions.finish(record);
  call.res.writeHead(200, headers(SSE_TYPE));
  call.res.flushHeaders();
  for (const frame of record.events.slice(from)) {
    if (!(await writeChunk(call.res, encodeEvent(frame)))) return;
    await nextTurn();
  }
  call.res.end();
}
