import type { UsageMetadata } from '../../gemini/types.js';
import type { Owner } from '../../dispatch/fileOwnership.js';
import type { OpenedCall } from '../../dispatch/failover.js';
import type { InteractionDispatcher } from '../../dispatch/interactionDispatcher.js';
import type { KeyScope } from '../../pool/keyPool.js';
import type { ApiVersion } from '../../upstream/geminiClient.js';
import {
  interactionPayloads,
  type InteractionFrame,
} from '../../upstream/interactions/parseInteractionEvent.js';
import type { InteractionWire } from '../../upstream/interactions/interactionWire.js';
import type { AttemptJudgement, GenerationPlan, NextAttempt } from '../family.js';
import type { Generation, ResumeSettings } from '../generation.js';
import { startGeneration } from '../engine.js';
import type { StreamVocabulary } from '../resumeCause.js';
import { InteractionAnswerSoFar } from './interactionAnswer.js';
import { InteractionAttemptFilter } from './interactionAttempt.js';
import {
  nextInteractionCall,
  remainingInteractionTokens,
  type CreateInteractionBody,
  type InteractionNextCall,
} from './interactionContinuation.js';
import { interactionVerdict } from './interactionVerdict.js';

/** What the routes keep of an interaction as it is made (proxy/store/interactionOwners.ts). */
export interface InteractionRecorder {
  /** The client's interaction exists, in this project: called before the client hears of it. */
  created(interaction: InteractionWire, projectId: string): void;
  /** The whole turn ended up in another interaction of the same project (a resumed stream). */
  resumed(id: string, headId: string, upstreamIds: string[], seamRemoved: number): void;
}

export interface InteractionGenerationInput {
  apiVersion: ApiVersion;
  /** The model or agent: the quota bucket, and how much a continuation thinks. */
  name: string;
  /** The create body as it goes to Google (the store policy applied, the previous turn's head named). */
  body: CreateInteractionBody;
  /** The `previous_interaction_id` the client sent, and the one Google was sent in its place. */
  names: { previousId?: string; upstreamPreviousId?: string };
  /** The project that stores the previous turn: every attempt goes there. */
  owner?: Owner;
  keyScope?: KeyScope;
  signal: AbortSignal;
  recorder?: InteractionRecorder;
}

/**
 * A streamed interaction (`POST /interactions` with `stream: true`), completed when Gemini cuts it
 * off: the one engine (engine.ts) with the Interactions family.
 */
export function startInteractionGeneration(
  dispatcher: InteractionDispatcher,
  input: InteractionGenerationInput,
  settings: ResumeSettings,
): Promise<Generation<InteractionFrame>> {
  return startGeneration(interactionPlan(dispatcher, input, settings), settings, input.signal);
}

const WORDS: StreamVocabulary = {
  upstream: 'Gemini',
  reporter: 'Gemini',
  frame: 'event',
  finishField: 'interaction.completed',
  thoughts: 'thoughts',
  resumingOff: 'resuming is off (resume.enabled)',
};

/**
 * Gemini's Interactions API as the engine plays it (docs/RESUME.md, "Gemini's Interactions API"):
 *
 * | step                | the Interactions way                                                          |
 * | ------------------- | ----------------------------------------------------------------------------- |
 * | open                | `POST /{v}/interactions` (`stream: true`) through the pool (interactionDispatcher.ts); a follow-up on its previous turn's project; every later attempt of a stored one on the first's project |
 * | frames              | `event`/`data` pairs, `[DONE]` last (parseInteractionEvent.ts)                |
 * | filter              | InteractionAttemptFilter: one interaction for the client (its id, step numbers, closing event, usage) |
 * | judge               | `interaction.completed` ends it; its status says how (interactionVerdict.ts)  |
 * | a cut function call | closed by gemgate (`requires_action`), never continued                        |
 * | continue            | a replay with the partial answer; a background run reattaches (interactionContinuation.ts) |
 * | output budget spent | the answer ends `incomplete`, as it would have                                |
 * | ownership           | the recorder hears of the client's interaction before the client does, and of a resumed one's head |
 */
export function interactionPlan(
  dispatcher: InteractionDispatcher,
  input: InteractionGenerationInput,
  settings: ResumeSettings,
): GenerationPlan<InteractionNextCall, InteractionFrame, InteractionAttemptFilter> {
  /** The project of the first attempt: a stored interaction's later attempts stay there, with its conversation. */
  let project: string | undefined;
  let reattaching = false;
  const stored = input.body.store !== false;
  const answer = new InteractionAnswerSoFar(input.names, (interaction) => {
    if (project !== undefined && stored) input.recorder?.created(interaction, project);
  });
  return {
    words: WORDS,
    request: { kind: 'create', body: { ...input.body, stream: true } },
    resumable: true,
    wholeOnly: false,
    payloads: () => interactionPayloads,
    async open(call, signal) {
      const pinned: Owner | undefined =
        input.owner ??
        (stored && project !== undefined
          ? { projectId: project, resource: `interactions/${answer.id ?? ''}` }
          : undefined);
      const opened = await dispatcher.open({
        apiVersion: input.apiVersion,
        ...(call.kind === 'create'
          ? { method: 'POST', path: 'interactions', body: call.body }
          : {
              method: 'GET',
              path: `interactions/${encodeURIComponent(call.id)}?stream=true&last_event_id=${encodeURIComponent(call.lastEventId)}`,
            }),
        quotaBucket: input.name,
        ...(pinned ? { owner: pinned } : {}),
        ...(input.keyScope ? { keyScope: input.keyScope } : {}),
        signal,
        stream: true,
        headersTimeoutMs: settings.firstByteTimeoutMs,
      });
      project ??= opened.lease.projectId;
      return opened;
    },
    attempt: (mode) => {
      const filter = new InteractionAttemptFilter(answer, reattaching ? 'reattach' : mode);
      reattaching = false;
      return filter;
    },
    forget: () => {},
    judge(end, attempt): AttemptJudgement<InteractionFrame> {
      const verdict = interactionVerdict(end, attempt, answer.toolCallSent);
      if ('cause' in verdict) return verdict;
      const head = attempt.interactionId ?? answer.id;
      if (stored && answer.id !== undefined && head !== undefined && head !== answer.id) {
        input.recorder?.resumed(answer.id, head, [...answer.upstreamIds], attempt.seamRemoved ?? 0);
      }
      const tail = verdict.sendFinish ? answer.closingFrames(verdict.finishReason, attempt.usage) : [];
      return { outcome: verdict.outcome, finishReason: verdict.finishReason, tail };
    },
    next(attempt, billed): NextAttempt<InteractionNextCall, InteractionFrame> {
      const outputTokensSoFar =
        (billed?.candidatesTokenCount ?? 0) + (billed?.thoughtsTokenCount ?? 0) ||
        Math.ceil(answer.text.length / 4);
      if (answer.text.length > 0 && remainingInteractionTokens(input.body, outputTokensSoFar) === 0) {
        // The client's output budget is spent: the answer ends as Google would have ended it.
        return {
          outcome: 'complete',
          finishReason: 'incomplete',
          tail: answer.closingFrames('incomplete', attempt.usage),
        };
      }
      answer.moveOn(attempt.usage);
      const call = nextInteractionCall(
        input.body,
        { id: answer.id, lastEventId: answer.lastEventId, text: answer.text },
        { outputTokensSoFar },
        { model: input.name, thinking: settings.continuationThinking },
      );
      reattaching = call.kind === 'reattach';
      return { mode: reattaching || answer.text.length > 0 ? 'continue' : 'replay', body: call };
    },
    recordTokens: (opened: OpenedCall, usage: UsageMetadata | undefined) =>
      dispatcher.recordTokens(opened, input.name, usage?.promptTokenCount),
  };
}
