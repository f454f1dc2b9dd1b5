import type { GenerateContentRequest, UsageMetadata } from '../gemini/types.js';
import type { ApiVersion } from '../upstream/geminiClient.js';
import type {
  DispatchCall,
  OpenedCall,
  RoutingOptions,
  UpstreamDispatcher,
} from '../dispatch/upstreamDispatcher.js';
import type { SignatureRouting } from '../dispatch/signatureRouting.js';
import type { KeyScope } from '../pool/keyPool.js';
import type { StreamIncomplete } from '../failures/failures.js';
import { readGeminiStream, type StreamEnd, type StreamFrame } from '../upstream/readGeminiStream.js';
import { continuationRequest, remainingOutputTokens, type ContinuationThinking } from './continuation.js';
import { addUsage, answerUsage } from './usage.js';
import { AnswerSoFar, AttemptFilter, type AttemptMode } from './attemptFilter.js';
import { attemptVerdict, gaveUpError, notResumedError, type ResumeCause } from './resumeCause.js';
import { openWithPatience } from './openWithPatience.js';
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

export type { ResumeCause } from './resumeCause.js';

export interface AttemptRecord {
  keyId: string;
  /** `continue` sends what the client has seen and asks for the rest; `replay` re-sends the request. */
  mode: AttemptMode;
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
  /** The attempt being read, whose latest usage report counts too. */
  current?: { readonly usage: UsageMetadata | undefined };
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
    billedSoFar: () => addUsage(billing.finishedAttempts, billing.current?.usage),
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

/**
 * The attempt loop: relay an attempt, judge how it ended (attemptVerdict), then finish the answer,
 * give up, or open the next attempt: a continuation when the client holds answer text, else a replay.
 */
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
  const readOptions = {
    firstByteTimeoutMs: settings.firstByteTimeoutMs,
    // Drawing an image after its caption is a long silence, as long as thinking before a first byte.
    stallTimeoutMs: wholeOnly
      ? Math.max(settings.stallTimeoutMs, settings.firstByteTimeoutMs)
      : settings.stallTimeoutMs,
    signal: input.signal,
  };
  const answer = new AnswerSoFar(wholeOnly);
  const attempts: AttemptRecord[] = [];
  /** Every finished attempt's usage, added up. */
  let billed: UsageMetadata | undefined;
  let opened = first;
  let mode: AttemptMode = 'first';

  for (;;) {
    // One attempt, relayed a batch (the frames of one upstream read) at a time.
    const attempt = new AttemptFilter(answer, mode, signatureRecorder(input.signatureRouting, opened));
    billing.current = attempt;
    const stream = readGeminiStream(opened.response.body, readOptions);
    let end: StreamEnd | undefined;
    // What goes out for the read in hand; a whole-only attempt keeps all of it until it is judged.
    let out: StreamFrame[] = [];
    try {
      for (;;) {
        const read = await stream.next();
        if (read.done) {
          end = read.value;
          break;
        }
        attempt.take(read.value, out);
        if (out.length > 0 && !wholeOnly) {
          yield out;
          out = [];
        }
        if (attempt.blockReason !== undefined) break;
      }
    } finally {
      // Left before the stream's end (a blocked prompt, the client gone): release the upstream body.
      if (end === undefined) await stream.return({ kind: 'aborted' });
    }

    if (end === undefined) {
      // A blocked prompt comes as HTTP 200 with promptFeedback and no candidates: final at once,
      // and billed like any attempt (its prompt was read).
      attempts.push(recordOf(opened, attempt));
      bookAttempt(attempt);
      if (out.length > 0) yield out;
      return summary('policy-stop', `BLOCKED:${attempt.blockReason}`);
    }
    if (wholeOnly) {
      // Out whole, or not at all: nothing of a cut attempt reached the client, so it is replayed.
      if (attempt.finish && attempt.finish.cls !== 'retry') {
        if (out.length > 0) yield out;
      } else {
        answer.forgetAttempt();
      }
    }
    const held = attempt.end();
    if (held) yield [held];
    const record = recordOf(opened, attempt);
    attempts.push(record);
    bookAttempt(attempt);
    if (end.kind === 'aborted' || input.signal.aborted) return summary('aborted');

    // Judge the attempt: the answer is finished, or this is why not.
    const verdict = attemptVerdict(end, attempt, answer.toolCallSent);
    if ('outcome' in verdict) {
      if (verdict.sendFinish) yield [answer.closingFrame(verdict.finishReason, attempt.usage)];
      return summary(verdict.outcome, verdict.finishReason);
    }
    record.cause = verdict.cause;
    if (attempts.length >= maxAttempts) {
      return summary('incomplete', undefined, gaveUpError(verdict.cause, attempts.length, resumable));
    }

    // Continue from the text the client holds, or replay the request when it holds none.
    mode = answer.text.length > 0 ? 'continue' : 'replay';
    const outputTokensSoFar = billed?.candidatesTokenCount ?? 0;
    if (mode === 'continue' && remainingOutputTokens(input.request, outputTokensSoFar) === 0) {
      // The client's output budget is spent: that is how the answer would have ended anyway.
      yield [answer.closingFrame('MAX_TOKENS', attempt.usage)];
      return summary('complete', 'MAX_TOKENS');
    }
    answer.moveOn(attempt.usage);
    const body =
      mode === 'continue'
        ? continuationRequest(
            input.request,
            { visibleSoFar: answer.text, outputTokensSoFar },
            { model: input.model, thinking: settings.continuationThinking },
          )
        : input.request;
    const next = await openWithPatience(
      () => dispatcher.open(streamCall(input, settings, body)),
      input.signal,
    );
    if ('aborted' in next) return summary('aborted');
    if ('failed' in next) return summary('incomplete', undefined, notResumedError(next.failed));
    opened = next.opened;
  }

  /** An attempt is over: its prompt tokens count against the key's TPM, its usage is billed. */
  function bookAttempt(attempt: AttemptFilter): void {
    dispatcher.recordTokens(opened, input.model, attempt.usage?.promptTokenCount);
    billed = addUsage(billed, attempt.usage);
    billing.finishedAttempts = billed;
    billing.current = undefined;
  }

  function summary(
    outcome: GenerationOutcome,
    finishReason?: string,
    error?: StreamIncomplete,
  ): GenerationSummary {
    return {
      outcome,
      finishReason,
      usage: billed,
      answerUsage: answerUsage(attempts.map((attempt) => attempt.usage)),
      attempts,
      ...(error ? { error } : {}),
    };
  }
}

/** Records the thought signatures an attempt carries against the project that minted them. */
function signatureRecorder(
  signatures: SignatureRouting | undefined,
  opened: OpenedCall,
): ((signature: string) => void) | undefined {
  if (!signatures) return undefined;
  const projectId = opened.lease.projectId;
  return (signature) => signatures.record(signature, projectId);
}

function recordOf(opened: OpenedCall, attempt: AttemptFilter): AttemptRecord {
  return {
    keyId: opened.lease.keyId,
    mode: attempt.mode,
    visibleChars: attempt.visibleChars,
    ...(attempt.mode === 'continue' ? { seamRemoved: attempt.seamRemoved } : {}),
    usage: attempt.usage,
  };
}
