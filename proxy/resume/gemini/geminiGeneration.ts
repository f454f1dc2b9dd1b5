import type { GenerateContentRequest, UsageMetadata } from '../../gemini/types.js';
import type { ApiVersion } from '../../upstream/geminiClient.js';
import type { DispatchCall, RoutingOptions, UpstreamDispatcher } from '../../dispatch/upstreamDispatcher.js';
import type { OpenedCall } from '../../dispatch/failover.js';
import type { SignatureRouting } from '../../dispatch/signatureRouting.js';
import type { KeyScope } from '../../pool/keyPool.js';
import { geminiPayloads, type StreamFrame } from '../../upstream/geminiFrame.js';
import type { AttemptJudgement, GenerationPlan, NextAttempt } from '../family.js';
import type { AttemptMode, Generation, ResumeSettings } from '../generation.js';
import { startGeneration } from '../engine.js';
import { UpstreamFailure } from '../../failures/failures.js';
import { GEMINI_VOCABULARY } from '../resumeCause.js';
import { AnswerSoFar, AttemptFilter } from './attemptFilter.js';
import { attemptVerdict } from './attemptVerdict.js';
import { continuationRequest, remainingOutputTokens } from './continuation.js';
import { answersWithMedia } from './mediaAnswers.js';

export interface GeminiGenerationInput {
  apiVersion: ApiVersion;
  model: string;
  request: GenerateContentRequest;
  signal: AbortSignal;
  /** Client policy and conversation affinity for the key pool (see DispatchCall). */
  routing?: RoutingOptions;
  /** Keeps conversations with thought signatures on the project that minted them. */
  signatureRouting?: SignatureRouting;
  /** Which keys the client's policy lets this generation draw on, on every attempt. */
  keyScope?: KeyScope;
  /** The client it is for: files and caches another client created are refused (DispatchCall.clientId). */
  clientId?: string;
  /**
   * Models to try, in order, when every project answers `model` with 503 overloaded before the
   * first byte (setting `models.fallbacks`, already narrowed to what the client may use).
   */
  fallbacks?: readonly string[];
}

/** A generation of Gemini frames: what every Gemini-backed dialect streams or collects. */
export type GeminiGeneration = Generation<StreamFrame> & {
  /** The model that answers: the one asked for, or the fallback that took over from it. */
  readonly model: string;
};

/**
 * Starts a `streamGenerateContent` generation through the pool, resumed when Gemini cuts it
 * (engine.ts, with geminiPlan for Gemini's shapes).
 */
export async function startGeminiGeneration(
  dispatcher: UpstreamDispatcher,
  input: GeminiGenerationInput,
  settings: ResumeSettings,
): Promise<GeminiGeneration> {
  const plan = geminiPlan(dispatcher, input, settings);
  const generation = await startGeneration(plan, settings, input.signal);
  return { ...generation, model: plan.model };
}

/**
 * Gemini's `streamGenerateContent?alt=sse` as the engine plays it:
 *
 * | step                   | Gemini's way                                                             |
 * | ---------------------- | ------------------------------------------------------------------------ |
 * | open                   | the dispatcher (ownership, affinity, signature routing, failover)        |
 * | frames                 | skimmed or parsed SSE payloads (geminiFrame.ts)                          |
 * | filter                 | AttemptFilter (seams, thoughts once, held-back STOP, blocked prompts)    |
 * | judge                  | a blocked prompt is a policy stop; else attemptVerdict                   |
 * | resumable              | one candidate only (`candidateCount` ≤ 1)                                |
 * | whole-only             | image and audio answers (mediaAnswers.ts)                                |
 * | continue               | continuationRequest: the text so far as a model turn, a user turn asking on |
 * | output budget spent    | the answer ends with MAX_TOKENS, as it would have                        |
 */
export function geminiPlan(
  dispatcher: UpstreamDispatcher,
  input: GeminiGenerationInput,
  settings: ResumeSettings,
): GenerationPlan<GenerateContentRequest, StreamFrame, AttemptFilter> & { readonly model: string } {
  const wholeOnly = answersWithMedia(input.model, input.request);
  const answer = new AnswerSoFar(wholeOnly);
  const signatures = input.signatureRouting;
  /** The model the answer comes from: set by the first attempt that opened (a fallback, perhaps). */
  let model: string | undefined;
  const openAs = (as: string, body: GenerateContentRequest) =>
    dispatcher.open(streamCall({ ...input, model: as }, settings, body));
  return {
    get model() {
      return model ?? input.model;
    },
    words: GEMINI_VOCABULARY,
    request: input.request,
    // Resuming a multi-candidate answer would need one seam per candidate; those pass through as-is.
    resumable: (input.request.generationConfig?.candidateCount ?? 1) <= 1,
    wholeOnly,
    payloads: geminiPayloads,
    async open(body) {
      if (model !== undefined) return openAs(model, body);
      // The first attempt: the model asked for, then each fallback while every project is overloaded.
      const candidates = [input.model, ...(input.fallbacks ?? [])];
      for (const [i, candidate] of candidates.entries()) {
        try {
          const opened = await openAs(candidate, body);
          model = candidate;
          return opened;
        } catch (error) {
          if (i === candidates.length - 1 || !overloadedEverywhere(error)) throw error;
        }
      }
      throw new Error('unreachable: the last candidate rethrows');
    },
    attempt: (mode: AttemptMode, opened: OpenedCall) => {
      const projectId = opened.lease.projectId;
      const record = signatures ? (signature: string) => signatures.record(signature, projectId) : undefined;
      return new AttemptFilter(answer, mode, record);
    },
    forget: () => answer.forgetAttempt(),
    judge(end, attempt): AttemptJudgement<StreamFrame> {
      // A blocked prompt comes as HTTP 200 with promptFeedback and no candidates: final at once.
      if (attempt.blockReason !== undefined) {
        return { outcome: 'policy-stop', finishReason: `BLOCKED:${attempt.blockReason}` };
      }
      const verdict = attemptVerdict(end, attempt, answer.toolCallSent);
      if (!('outcome' in verdict)) return verdict;
      const tail = verdict.sendFinish ? [answer.closingFrame(verdict.finishReason, attempt.usage)] : [];
      return { outcome: verdict.outcome, finishReason: verdict.finishReason, tail };
    },
    next(attempt, billed): NextAttempt<GenerateContentRequest, StreamFrame> {
      const mode = answer.textLength > 0 ? 'continue' : 'replay';
      const outputTokensSoFar = billed?.candidatesTokenCount ?? 0;
      if (mode === 'continue' && remainingOutputTokens(input.request, outputTokensSoFar) === 0) {
        const tail = [answer.closingFrame('MAX_TOKENS', attempt.usage)];
        return { outcome: 'complete', finishReason: 'MAX_TOKENS', tail };
      }
      answer.moveOn(attempt.usage);
      if (mode === 'replay') return { mode, body: input.request };
      const body = continuationRequest(
        input.request,
        { visibleSoFar: answer.text, outputTokensSoFar },
        { model: model ?? input.model, thinking: settings.continuationThinking },
      );
      return { mode, body };
    },
    recordTokens: (opened, usage: UsageMetadata | undefined) =>
      dispatcher.recordTokens(opened, model ?? input.model, usage?.promptTokenCount),
  };
}

/** Every project the pool tried answered 503 overloaded (the failover loop threw the last one's). */
function overloadedEverywhere(error: unknown): boolean {
  return (
    error instanceof UpstreamFailure && error.status === 503 && error.verdict.kind === 'upstream-unavailable'
  );
}

function streamCall(
  input: GeminiGenerationInput,
  settings: ResumeSettings,
  body: GenerateContentRequest,
): DispatchCall {
  const signatures = input.signatureRouting;
  return {
    apiVersion: input.apiVersion,
    model: input.model,
    action: 'streamGenerateContent',
    body,
    signal: input.signal,
    keyScope: input.keyScope,
    ...(input.clientId === undefined ? {} : { clientId: input.clientId }),
    // A stream that does not even start within the first-byte timeout is tried on another key.
    headersTimeoutMs: settings.firstByteTimeoutMs,
    ...(input.routing ? { routing: input.routing } : {}),
    ...(signatures
      ? {
          preferProjectId: signatures.preferredProject(body),
          bodyFor: (lease) => signatures.adaptFor(body, lease.projectId),
        }
      : {}),
  };
}
