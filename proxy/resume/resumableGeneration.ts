import type {
  Candidate,
  GenerateContentRequest,
  GenerateContentResponse,
  Part,
  UsageMetadata,
} from '../gemini/types.js';
import type { ApiVersion } from '../upstream/geminiClient.js';
import type {
  DispatchCall,
  OpenedCall,
  RoutingOptions,
  UpstreamDispatcher,
} from '../dispatch/upstreamDispatcher.js';
import type { SignatureRouting } from '../dispatch/signatureRouting.js';
import type { KeyScope } from '../pool/keyPool.js';
import {
  PoolUnavailable,
  StreamIncomplete,
  UpstreamFailure,
  UpstreamUnreachable,
  wholeSeconds,
} from '../failures/failures.js';
import { readGeminiStream, type StreamEnd, type StreamFrame } from '../upstream/readGeminiStream.js';
import { SeamJoiner } from './seam.js';
import { continuationRequest, remainingOutputTokens, type ContinuationThinking } from './continuation.js';
import { addUsage, answerUsage } from './usage.js';
import { classifyFinish } from './finishReasons.js';
import { answersWithMedia } from './mediaAnswers.js';

export interface ResumeSettings {
  enabled: boolean;
  maxAttempts: number;
  firstByteTimeoutMs: number;
  stallTimeoutMs: number;
  continuationThinking: ContinuationThinking;
}

export interface GenerationInput {
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
}

/** Why an attempt did not finish the answer. */
export type ResumeCause =
  | 'frame-cut'
  | 'transport-error'
  | 'stalled'
  | 'upstream-error'
  | 'no-finish-reason'
  | 'empty'
  | 'thoughts-only'
  | 'malformed-function-call';

export interface AttemptRecord {
  keyId: string;
  /** `continue` sends what the client has seen and asks for the rest; `replay` re-sends the request. */
  mode: 'first' | 'continue' | 'replay';
  cause?: ResumeCause;
  visibleChars: number;
  usage?: UsageMetadata;
  /** Characters of repeated text removed at the seam this attempt started with. */
  seamRemoved?: number;
}

export type GenerationOutcome = 'complete' | 'policy-stop' | 'tool-call' | 'incomplete' | 'aborted';

export interface GenerationSummary {
  outcome: GenerationOutcome;
  finishReason?: string;
  /** Every attempt's usage added up: what Gemini bills, and what gemgate records. */
  usage?: UsageMetadata;
  /** The usage the client is shown: its prompt once, the output of every attempt (answerUsage). */
  answerUsage?: UsageMetadata;
  attempts: AttemptRecord[];
  /** Set when outcome is `incomplete`: why gemgate gave up. Safe to show the client. */
  error?: StreamIncomplete;
}

export interface Generation {
  /** The key that answered first (for `x-gemgate-key-id`). */
  keyId: string;
  /**
   * The answer as one seamless Gemini stream, in batches (the chunks of one upstream read, never
   * empty); the summary comes back when it is done. A frame that still carries `json` is exactly
   * what Gemini sent.
   */
  chunks: AsyncGenerator<StreamFrame[], GenerationSummary>;
  /** What the attempts so far are billed, for a client that leaves before the summary comes. */
  billedSoFar(): UsageMetadata | undefined;
}

/** The engine's running billing, readable while the answer streams. */
interface Billing {
  finishedAttempts?: UsageMetadata;
  currentAttempt?: UsageMetadata;
}

/**
 * Starts a streamed generation that survives Gemini cutting it off. Resolves once Gemini has
 * answered 200 (failing over between keys before that); rejects with the dispatcher's Failure when
 * no key could start it, so the client gets a proper error status instead of a broken stream.
 *
 * Each attempt is classified when it ends: finished, stopped by policy, a tool call, or cut (ended
 * without a finishReason, frame cut in half, network error, stall, error inside the stream), empty
 * or thoughts only, or a malformed function call. Cut with visible text: continue it. Nothing
 * visible yet: replay. Finished, policy stops and tool calls are final.
 */
export async function startGeneration(
  dispatcher: UpstreamDispatcher,
  input: GenerationInput,
  settings: ResumeSettings,
): Promise<Generation> {
  const first = await dispatcher.open(streamCall(input, settings, input.request));
  const billing: Billing = {};
  return {
    keyId: first.lease.keyId,
    chunks: runAttempts(dispatcher, input, settings, first, billing),
    billedSoFar: () => addUsage(billing.finishedAttempts, billing.currentAttempt),
  };
}

function streamCall(
  input: GenerationInput,
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

async function* runAttempts(
  dispatcher: UpstreamDispatcher,
  input: GenerationInput,
  settings: ResumeSettings,
  first: OpenedCall,
  billing: Billing,
): AsyncGenerator<StreamFrame[], GenerationSummary> {
  // Resuming a multi-candidate answer would need one seam per candidate; those pass through as-is.
  const resumable = settings.enabled && (input.request.generationConfig?.candidateCount ?? 1) <= 1;
  const maxAttempts = resumable ? Math.max(1, settings.maxAttempts) : 1;
  // Image and audio answers go out only whole, attempt by attempt: a cut one is replayed, never continued.
  const wholeOnly = answersWithMedia(input.model, input.request);
  const attempts: AttemptRecord[] = [];
  let sentText = '';
  let sentThoughts = false;
  let sentToolCall = false;
  let usageBefore: UsageMetadata | undefined;
  let responseId: string | undefined;
  let opened = first;
  let mode: AttemptRecord['mode'] = 'first';

  for (;;) {
    const record: AttemptRecord = { keyId: opened.lease.keyId, mode, visibleChars: 0 };
    attempts.push(record);
    const joiner = mode === 'continue' ? new SeamJoiner(sentText) : undefined;
    let attemptUsage: UsageMetadata | undefined;
    let finished: { reason: string; cls: ReturnType<typeof classifyFinish> } | undefined;
    let visibleThisAttempt = false;
    let thoughtsThisAttempt = false;

    /** Text the seam joiner held back and now lets go: it counts as sent. */
    const release = (parts: Part[], text: string) => {
      if (!text) return;
      parts.push({ text });
      sentText += text;
      record.visibleChars += text.length;
      visibleThisAttempt = true;
    };

    const stream = readGeminiStream(opened.response.body, {
      firstByteTimeoutMs: settings.firstByteTimeoutMs,
      // Drawing an image after its caption is a long silence, as long as thinking before a first byte.
      stallTimeoutMs: wholeOnly
        ? Math.max(settings.stallTimeoutMs, settings.firstByteTimeoutMs)
        : settings.stallTimeoutMs,
      signal: input.signal,
    });
    let end: StreamEnd;
    // What goes out for the read in hand: sent as one batch when the read is done.
    let out: StreamFrame[] = [];
    const emit = (chunk: GenerateContentResponse) => out.push({ chunk });
    for (;;) {
      if (out.length > 0 && !wholeOnly) {
        yield out;
        out = [];
      }
      const next = await stream.next();
      if (next.done) {
        end = next.value;
        break;
      }
      for (const frame of next.value) {
        const chunk = frame.chunk;
        responseId ??= chunk.responseId;
        if (chunk.usageMetadata) billing.currentAttempt = attemptUsage = chunk.usageMetadata;

        // A blocked prompt comes as HTTP 200 with promptFeedback and no candidates: final.
        if (chunk.promptFeedback?.blockReason && !chunk.candidates?.length) {
          emit({ ...chunk, responseId, usageMetadata: shownUsage(attemptUsage) });
          yield out;
          record.usage = attemptUsage;
          return summary('policy-stop', `BLOCKED:${chunk.promptFeedback.blockReason}`);
        }

        // Several candidates (n > 1) are never resumed: passed on as they come.
        if ((chunk.candidates?.length ?? 0) > 1) {
          const reasons = chunk.candidates!.map((c) => c.finishReason).filter((r): r is string => !!r);
          if (reasons.length > 0) finished = { reason: reasons[0]!, cls: classifyFinish(reasons[0]!) };
          out.push(frame);
          continue;
        }

        const candidate: Candidate | undefined = chunk.candidates?.[0];
        const reason = candidate?.finishReason;
        const parts: Part[] = [];
        // A chunk of the first attempt that needs no change is passed on as Gemini sent it (with its
        // JSON text), which is the usual case.
        let untouched = mode === 'first';
        for (const part of candidate?.content?.parts ?? []) {
          if (part.thoughtSignature)
            input.signatureRouting?.record(part.thoughtSignature, opened.lease.projectId);
          if (part.thought) {
            thoughtsThisAttempt = true;
            // Reasoning shown once: not again after the answer's text began, not twice after a replay.
            if (sentText.length > 0 || (mode !== 'first' && sentThoughts)) {
              untouched = false;
              continue;
            }
            parts.push(part);
            sentThoughts = true;
          } else if (typeof part.text === 'string') {
            const text = joiner ? joiner.push(part.text) : part.text;
            if (text.length > 0 || part.thoughtSignature) parts.push({ ...part, text });
            else untouched = false;
            sentText += text;
            record.visibleChars += text.length;
            if (text.length > 0) visibleThisAttempt = true;
          } else {
            if (joiner) release(parts, joiner.flush());
            parts.push(part);
            if (part.functionCall) sentToolCall = true;
            visibleThisAttempt = true;
          }
        }
        if (reason) {
          if (joiner) release(parts, joiner.flush());
          const cls = classifyFinish(reason);
          const emptyStop =
            cls === 'complete' &&
            reason === 'STOP' &&
            sentText.length === 0 &&
            !sentToolCall &&
            !(wholeOnly && visibleThisAttempt);
          if (cls !== 'retry' && !emptyStop) {
            finished = { reason, cls };
            if (untouched) out.push(frame);
            else emit(emitChunk(chunk, candidate!, parts, reason));
          } else {
            // Not an answer (empty, thoughts only, malformed call): hold the finishReason back and retry.
            finished = { reason, cls: 'retry' };
            if (parts.length > 0) emit(emitChunk(chunk, candidate!, parts, undefined));
          }
          continue;
        }
        if (finished) {
          // A trailing frame after the last one (usage only): pass its usage on, nothing else.
          if (chunk.usageMetadata && finished.cls !== 'retry') {
            emit({
              usageMetadata: shownUsage(chunk.usageMetadata),
              ...(responseId ? { responseId } : {}),
            });
          }
          continue;
        }
        if (untouched) out.push(frame);
        else if (parts.length > 0 || candidate === undefined)
          emit(emitChunk(chunk, candidate, parts, undefined));
      }
    }
    if (wholeOnly) {
      // Out whole, or not at all: nothing of a cut attempt reached the client, so it is replayed.
      if (finished && finished.cls !== 'retry') {
        if (out.length > 0) yield out;
      } else {
        sentText = '';
        sentThoughts = false;
        sentToolCall = false;
      }
      out = [];
    }
    if (joiner && !finished) {
      const held: Part[] = [];
      release(held, joiner.flush());
      if (held.length > 0) yield [{ chunk: emitChunk({}, undefined, held, undefined) }];
    }
    if (joiner) record.seamRemoved = joiner.removed;
    record.usage = attemptUsage;
    dispatcher.recordTokens(opened, input.model, attemptUsage?.promptTokenCount);
    usageBefore = addUsage(usageBefore, attemptUsage);
    billing.finishedAttempts = usageBefore;
    billing.currentAttempt = undefined;

    if (end.kind === 'aborted' || input.signal.aborted) return summary('aborted');
    if (finished && finished.cls !== 'retry') {
      if (finished.cls === 'policy') return summary('policy-stop', finished.reason);
      return summary(sentToolCall ? 'tool-call' : 'complete', finished.reason);
    }

    // The attempt did not finish the answer.
    if (!finished && sentToolCall) {
      // Cut right after a complete function call: the call stands; a tool call is never continued.
      yield [{ chunk: emitChunk({}, undefined, [], 'STOP') }];
      return summary('tool-call', 'STOP');
    }
    record.cause = finished
      ? finished.reason === 'MALFORMED_FUNCTION_CALL'
        ? 'malformed-function-call'
        : thoughtsThisAttempt && !visibleThisAttempt
          ? 'thoughts-only'
          : 'empty'
      : causeOf(end);
    if (attempts.length >= maxAttempts) {
      return summary('incomplete', undefined, gaveUpError(record.cause, attempts.length, resumable));
    }
    mode = sentText.length > 0 ? 'continue' : 'replay';
    const outputTokensSoFar = usageBefore?.candidatesTokenCount ?? 0;
    if (mode === 'continue' && remainingOutputTokens(input.request, outputTokensSoFar) === 0) {
      // The client's output budget is spent: that is how the answer would have ended anyway.
      yield [{ chunk: emitChunk({}, undefined, [], 'MAX_TOKENS') }];
      return summary('complete', 'MAX_TOKENS');
    }
    const body =
      mode === 'continue'
        ? continuationRequest(
            input.request,
            { visibleSoFar: sentText, outputTokensSoFar },
            { model: input.model, thinking: settings.continuationThinking },
          )
        : input.request;
    const next = await openWithPatience(dispatcher, streamCall(input, settings, body), input.signal);
    if ('aborted' in next) return summary('aborted');
    if ('error' in next) {
      return summary(
        'incomplete',
        undefined,
        new StreamIncomplete(`Gemini's stream was cut off and could not be resumed: ${next.error}`),
      );
    }
    opened = next;
  }

  function emitChunk(
    chunk: GenerateContentResponse,
    candidate: Candidate | undefined,
    parts: Part[],
    finishReason: string | undefined,
  ): GenerateContentResponse {
    const { finishReason: _dropped, ...rest } = candidate ?? {};
    const out: GenerateContentResponse = {
      ...chunk,
      candidates: [
        {
          ...rest,
          content: { role: 'model', parts },
          ...(finishReason ? { finishReason } : {}),
          index: candidate?.index ?? 0,
        },
      ],
    };
    const usage = shownUsage(chunk.usageMetadata);
    if (usage) out.usageMetadata = usage;
    if (responseId) out.responseId = responseId;
    return out;
  }

  function summary(
    outcome: GenerationOutcome,
    finishReason?: string,
    error?: StreamIncomplete,
  ): GenerationSummary {
    return {
      outcome,
      finishReason,
      usage: usageBefore,
      answerUsage: answerUsage(attempts.map((attempt) => attempt.usage)),
      attempts,
      ...(error ? { error } : {}),
    };
  }

  /** The client's view of the usage so far, this attempt's latest report included. */
  function shownUsage(current: UsageMetadata | undefined): UsageMetadata | undefined {
    const finished = attempts.slice(0, -1).map((attempt) => attempt.usage);
    return answerUsage([...finished, current]);
  }
}

function causeOf(end: StreamEnd): ResumeCause {
  switch (end.kind) {
    case 'ended':
      return 'no-finish-reason';
    case 'frame-cut':
      return 'frame-cut';
    case 'stalled':
      return 'stalled';
    case 'upstream-error':
      return 'upstream-error';
    default:
      return 'transport-error';
  }
}

const CAUSE_TEXT: Record<ResumeCause, string> = {
  'frame-cut': 'a frame was cut in half',
  'transport-error': 'the connection broke',
  stalled: 'it went silent past the stall timeout',
  'upstream-error': 'Gemini reported an error inside the stream',
  'no-finish-reason': 'it ended without a finishReason',
  empty: 'the answer was empty',
  'thoughts-only': 'the answer held only thoughts',
  'malformed-function-call': 'the model produced a malformed function call',
};

function gaveUpError(cause: ResumeCause, attempts: number, resumable: boolean): StreamIncomplete {
  const tail = resumable
    ? `gemgate tried ${attempts} time${attempts === 1 ? '' : 's'} (resume.maxAttempts) and gave up; the answer is incomplete.`
    : 'resuming is off (resume.enabled); the answer is incomplete.';
  return new StreamIncomplete(`Gemini's stream was cut off: ${CAUSE_TEXT[cause]}; ${tail}`);
}

/** Longest gemgate waits for a key to come back before giving up on resuming an answer. */
const MAX_OPEN_WAIT_MS = 30_000;
/** How many times it waits, per resume. */
const MAX_OPEN_WAITS = 3;

/**
 * Opens the next attempt. The client already holds part of the answer, so a short wait beats an
 * incomplete answer: when every key is cooling for a few seconds, or Gemini is overloaded
 * everywhere, wait and try again (the client's connection is kept alive meanwhile).
 */
async function openWithPatience(
  dispatcher: UpstreamDispatcher,
  call: DispatchCall,
  signal: AbortSignal,
): Promise<OpenedCall | { aborted: true } | { error: string }> {
  for (let waits = 0; ; waits++) {
    try {
      return await dispatcher.open(call);
    } catch (error) {
      if (signal.aborted) return { aborted: true };
      const message = error instanceof Error ? error.message : String(error);
      const wait = retryWaitMs(error);
      if (wait === undefined || wait > MAX_OPEN_WAIT_MS || waits >= MAX_OPEN_WAITS) return { error: message };
      const slept = await sleep(wait, signal);
      if (!slept) return { aborted: true };
    }
  }
}

/**
 * How long to wait before opening again after `error`: a rate limit's own delay (whole seconds,
 * as Gemini states it), a second when Gemini or the pool had no one to serve, nothing (give up)
 * for anything else, the client's own mistakes included.
 */
function retryWaitMs(error: unknown): number | undefined {
  if (error instanceof PoolUnavailable) {
    return error.shortfall === 'all-cooling' ? wholeSeconds(error.retryAfterMs ?? 0) * 1000 : 1000;
  }
  if (error instanceof UpstreamFailure) {
    if (error.status === 429) {
      return error.retryAfterMs === undefined ? undefined : wholeSeconds(error.retryAfterMs) * 1000;
    }
    return error.status >= 500 ? 1000 : undefined;
  }
  if (error instanceof UpstreamUnreachable) return 1000;
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
