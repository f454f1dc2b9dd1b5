import type { UsageMetadata } from '../gemini/types.js';
import type { StreamIncomplete } from '../failures/failures.js';
import type { OpenedCall } from '../dispatch/failover.js';
import { SseFrameReader, type FrameReader, type StreamEnd } from '../upstream/sseFrameReader.js';
import type { AttemptWatch, GenerationPlan } from './family.js';
import {
  summaryOf,
  type AttemptMode,
  type AttemptRecord,
  type Generation,
  type GenerationOutcome,
  type GenerationSink,
  type GenerationSummary,
  type ResumeSettings,
} from './generation.js';
import { gaveUpError, notResumedError } from './resumeCause.js';
import { openWithPatience } from './openWithPatience.js';
import { addUsage } from './usage.js';

/** The engine's running billing, readable while the answer streams. */
interface Billing {
  finishedAttempts?: UsageMetadata;
  /** The attempt being read, whose latest usage report counts too. */
  current?: { readonly usage: UsageMetadata | undefined };
}

/**
 * Starts a streamed generation that survives the upstream cutting it off, for any upstream family
 * (the plan says how its requests, frames and cuts look). Resolves once the upstream has answered
 * 2xx (failing over between keys before that); rejects with the dispatcher's Failure when no key
 * could start it, so the client gets a proper error status instead of a broken stream.
 *
 * Each attempt is judged when it ends (the plan's judge): finished, stopped by policy, a tool call,
 * or cut (ended without a finish reason, frame cut in half, network error, stall, error inside the
 * stream), empty or thoughts only. Cut with visible text: continue it. Nothing visible yet: replay.
 */
export async function startGeneration<B, F, A extends AttemptWatch<F>>(
  plan: GenerationPlan<B, F, A>,
  settings: ResumeSettings,
  signal: AbortSignal,
): Promise<Generation<F>> {
  const first = await plan.open(plan.request, signal);
  const billing: Billing = {};
  return {
    keyId: first.lease.keyId,
    upstreamMs: first.upstreamMs,
    pipe: (sink) => runAttempts(plan, settings, signal, first, billing, sink),
    billedSoFar: () => addUsage(billing.finishedAttempts, billing.current?.usage),
  };
}

/**
 * The attempt loop: relay an attempt, judge how it ended, then finish the answer, give up, or open
 * the next attempt: a continuation when the client holds answer text, else a replay.
 */
async function runAttempts<B, F, A extends AttemptWatch<F>>(
  plan: GenerationPlan<B, F, A>,
  settings: ResumeSettings,
  signal: AbortSignal,
  first: OpenedCall,
  billing: Billing,
  sink: GenerationSink<F>,
): Promise<GenerationSummary> {
  const resumable = settings.enabled && plan.resumable;
  const maxAttempts = resumable ? Math.max(1, settings.maxAttempts) : 1;
  const wholeOnly = plan.wholeOnly;
  const readOptions = {
    firstByteTimeoutMs: settings.firstByteTimeoutMs,
    // Drawing an image after its caption is a long silence, as long as thinking before a first byte.
    stallTimeoutMs: wholeOnly
      ? Math.max(settings.stallTimeoutMs, settings.firstByteTimeoutMs)
      : settings.stallTimeoutMs,
    signal,
  };
  const payloads = plan.payloads(settings.parseEveryFrame === true);
  const attempts: AttemptRecord[] = [];
  /** Every finished attempt's usage, added up. */
  let billed: UsageMetadata | undefined;
  let opened = first;
  let mode: AttemptMode = 'first';

  for (;;) {
    // One attempt, relayed a batch (the frames of one upstream read) at a time.
    const attempt = plan.attempt(mode, opened);
    billing.current = attempt;
    // What goes out, read by read; a whole-only attempt's is kept whole until the attempt is judged.
    const whole: F[] | undefined = wholeOnly ? [] : undefined;
    const end = await relayAttempt(
      new SseFrameReader(opened.response.body, payloads, readOptions),
      attempt,
      sink,
      whole,
    );
    if (whole) {
      // Out whole, or not at all: nothing of a failed attempt reached the client, so it is replayed.
      if (attempt.answered) {
        if (whole.length > 0) sink.write(whole);
      } else {
        plan.forget();
      }
    }
    const held: F[] = [];
    attempt.end(held);
    if (held.length > 0) sink.write(held);
    const record = recordOf(opened, attempt);
    attempts.push(record);
    // The attempt is over: its prompt tokens count against the key's TPM, its usage is billed.
    plan.recordTokens(opened, attempt.usage);
    billed = addUsage(billed, attempt.usage);
    billing.finishedAttempts = billed;
    billing.current = undefined;
    // The client left (a stop the attempt asked for itself is not a leaving).
    if (signal.aborted || (end.kind === 'aborted' && !attempt.stopReading)) return summary('aborted');

    // Judge the attempt: the answer is finished, or this is why not.
    const judged = plan.judge(end, attempt);
    if ('outcome' in judged) {
      if (judged.tail && judged.tail.length > 0) sink.write(judged.tail);
      return summary(judged.outcome, judged.finishReason);
    }
    record.cause = judged.cause;
    if (judged.unresumable) return summary('incomplete', undefined, judged.unresumable);
    if (attempts.length >= maxAttempts) {
      return summary(
        'incomplete',
        undefined,
        gaveUpError(judged.cause, attempts.length, resumable, plan.words),
      );
    }

    // Continue from the text the client holds, or replay the request when it holds none.
    const next = plan.next(attempt, billed);
    if ('outcome' in next) {
      // The client's output budget is spent: that is how the answer would have ended anyway.
      sink.write(next.tail);
      return summary(next.outcome, next.finishReason);
    }
    mode = next.mode;
    const reopened = await openWithPatience(() => plan.open(next.body, signal), signal);
    if ('aborted' in reopened) return summary('aborted');
    if ('failed' in reopened) {
      return summary('incomplete', undefined, notResumedError(reopened.failed, plan.words));
    }
    opened = reopened.opened;
  }

  function summary(outcome: GenerationOutcome, finishReason?: string, error?: StreamIncomplete) {
    return summaryOf(attempts, billed, outcome, finishReason, error);
  }
}

/**
 * Reads one attempt's stream through its filter into the sink: each batch is filtered and written as
 * it arrives, the upstream is read no further while the client is behind, and an attempt that has
 * said all there is ends the reading. Resolves with how the stream ended. Given `whole`, what the
 * filter lets out is collected there instead, for the caller to send or drop once the attempt is judged.
 */
function relayAttempt<F>(
  reader: FrameReader<F>,
  attempt: AttemptWatch<F>,
  sink: GenerationSink<F>,
  whole?: F[],
): Promise<StreamEnd> {
  const resume = (more: boolean) => (more ? reader.resume() : reader.stop());
  return reader.read((frames) => {
    const out: F[] = whole ?? [];
    attempt.take(frames, out);
    if (attempt.stopReading) reader.stop();
    if (whole) return;
    if (out.length > 0 && !sink.write(out)) {
      reader.pause();
      void sink.drained().then(resume);
    }
  });
}

function recordOf<F>(opened: OpenedCall, attempt: AttemptWatch<F>): AttemptRecord {
  return {
    keyId: opened.lease.keyId,
    mode: attempt.mode,
    visibleChars: attempt.visibleChars,
    ...(attempt.mode === 'continue' ? { seamRemoved: attempt.seamRemoved } : {}),
    usage: attempt.usage,
  };
}
