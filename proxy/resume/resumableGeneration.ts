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
import { GeminiStreamReader, type StreamFrame } from '../upstream/readGeminiStream.js';
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
  /** Parse every frame instead of skimming plain ones (tests: the reference the skim is held to). */
  parseEveryFrame?: boolean;
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

/**
 * Where a generation's answer goes, batch by batch: the client's response, or a whole answer. `F` is
 * what a batch holds: Gemini frames here, chunks' JSON texts for an OpenAI-compatible provider.
 */
export interface GenerationSink<F = StreamFrame> {
  /**
   * The next batch of the answer as one seamless Gemini stream (never empty). A frame that still
   * carries `json` is exactly what Gemini sent. Returns false when the client cannot take more for
   * now: Gemini is read no further until `drained()` resolves.
   */
  write(batch: F[]): boolean;
  /** Resolves true once the client can take more, false when it has gone. */
  drained(): Promise<boolean>;
}

export interface Generation {
  /** The key that answered first (for `x-gemgate-key-id`). */
  keyId: string;
  /**
   * Runs the generation, every attempt of it, into `sink`; resolves with the summary when it is
   * done. Call once.
   */
  pipe(sink: GenerationSink): Promise<GenerationSummary>;
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
    pipe: (sink) => runAttempts(dispatcher, input, settings, first, billing, sink),
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
async function runAttempts(
  dispatcher: UpstreamDispatcher,
  input: GenerationInput,
  settings: ResumeSettings,
  first: OpenedCall,
  billing: Billing,
  sink: GenerationSink,
): Promise<GenerationSummary> {
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
    parseEveryFrame: settings.parseEveryFrame,
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
    // What goes out, read by read; a whole-only attempt's is kept whole until the attempt is judged.
    const whole: StreamFrame[] | undefined = wholeOnly ? [] : undefined;
    const end = await relayAttempt(
      new GeminiStreamReader(opened.response.body, readOptions),
      attempt,
      sink,
      whole,
    );

    if (attempt.blockReason !== undefined) {
      // A blocked prompt comes as HTTP 200 with promptFeedback and no candidates: final at once,
      // and billed like any attempt (its prompt was read).
      attempts.push(recordOf(opened, attempt));
      bookAttempt(attempt);
      if (whole && whole.length > 0) sink.write(whole);
      return summary('policy-stop', `BLOCKED:${attempt.blockReason}`);
    }
    if (whole) {
      // Out whole, or not at all: nothing of a cut attempt reached the client, so it is replayed.
      if (attempt.finish && attempt.finish.cls !== 'retry') {
        if (whole.length > 0) sink.write(whole);
      } else {
        answer.forgetAttempt();
      }
    }
    const held = attempt.end();
    if (held) sink.write([held]);
    const record = recordOf(opened, attempt);
    attempts.push(record);
    bookAttempt(attempt);
    if (end.kind === 'aborted' || input.signal.aborted) return summary('aborted');

    // Judge the attempt: the answer is finished, or this is why not.
    const verdict = attemptVerdict(end, attempt, answer.toolCallSent);
    if ('outcome' in verdict) {
      if (verdict.sendFinish) sink.write([answer.closingFrame(verdict.finishReason, attempt.usage)]);
      return summary(verdict.outcome, verdict.finishReason);
    }
    record.cause = verdict.cause;
    if (attempts.length >= maxAttempts) {
      return summary('incomplete', undefined, gaveUpError(verdict.cause, attempts.length, resumable));
    }

    // Continue from the text the client holds, or replay the request when it holds none.
    mode = answer.textLength > 0 ? 'continue' : 'replay';
    const outputTokensSoFar = billed?.candidatesTokenCount ?? 0;
    if (mode === 'continue' && remainingOutputTokens(input.request, outputTokensSoFar) === 0) {
      // The client's output budget is spent: that is how the answer would have ended anyway.
      sink.write([answer.closingFrame('MAX_TOKENS', attempt.usage)]);
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

  function summary(outcome: GenerationOutcome, finishReason?: string, error?: StreamIncomplete) {
    return summaryOf(attempts, billed, outcome, finishReason, error);
  }
}

/**
 * How a generation ended, over its attempts: `billed` is every attempt's usage added up (what is
 * recorded); the client is shown the answer's (answerUsage: its prompt once).
 */
export function summaryOf(
  attempts: AttemptRecord[],
  billed: UsageMetadata | undefined,
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

/**
 * Reads one attempt's stream through its filter into the sink: each batch is filtered and written as
 * it arrives, Gemini is read no further while the client is behind, and a blocked prompt ends the
 * reading. Resolves with how the stream ended. Given `whole`, what the filter lets out is collected
 * there instead, for the caller to send or drop once the attempt is judged.
 */
function relayAttempt(
  reader: GeminiStreamReader,
  attempt: AttemptFilter,
  sink: GenerationSink,
  whole?: StreamFrame[],
) {
  const resume = (more: boolean) => (more ? reader.resume() : reader.stop());
  return reader.read((frames) => {
    const out: StreamFrame[] = whole ?? [];
    attempt.take(frames, out);
    if (attempt.blockReason !== undefined) reader.stop();
    if (whole) return;
    if (out.length > 0 && !sink.write(out)) {
      reader.pause();
      void sink.drained().then(resume);
    }
  });
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
