import type { UsageMetadata } from '../../gemini/types.js';
import type { KeyScope } from '../../pool/keyPool.js';
import type { ProviderRecord } from '../../store/providers.js';
import type { OpenedCall } from '../../dispatch/upstreamDispatcher.js';
import type { ProviderDispatcher } from '../../dispatch/providerDispatcher.js';
import { StreamIncomplete } from '../../failures/failures.js';
import { readChatStream, type ChatStreamEnd } from '../../upstream/openaiCompatible/readChatStream.js';
import {
  summaryOf,
  type AttemptRecord,
  type GenerationOutcome,
  type GenerationSink,
  type GenerationSummary,
  type ResumeSettings,
} from '../resumableGeneration.js';
import { causeOfEnd, type ResumeCause } from '../resumeCause.js';
import type { AttemptMode } from '../attemptFilter.js';
import { openWithPatience } from '../openWithPatience.js';
import { addUsage } from '../usage.js';
import { ChatAnswerSoFar, ChatAttemptFilter } from './chatAttempt.js';
import { continuationBody, remainingTokens } from './continuationBody.js';

export interface ChatRelayInput {
  provider: ProviderRecord;
  /** The model id as the provider knows it. */
  model: string;
  /** The client's body with only what must change changed: the model id, `stream_options.include_usage`. */
  body: Record<string, unknown>;
  /** The client asked for usage (`stream_options.include_usage`): it gets the answer's, last. */
  clientWantsUsage: boolean;
  signal: AbortSignal;
  keyScope?: KeyScope;
}

export interface ChatRelay {
  /** The key that answered first (for `x-gemgate-key-id`). */
  keyId: string;
  /**
   * Runs the relay into `sink`: the answer as the client is to see it, JSON texts of chunks, a batch
   * per upstream read. Resolves with the summary when it is done. Call once.
   */
  pipe(sink: GenerationSink<string>): Promise<GenerationSummary>;
  /** What the attempts so far are billed, for a client that leaves before the summary comes. */
  billedSoFar(): UsageMetadata | undefined;
}

/**
 * Relays a streamed Chat Completions answer from an OpenAI-compatible provider and completes it
 * when the provider cuts it off: the same engine as Gemini's (resumableGeneration.ts) for the
 * OpenAI chunk shape. Resolves once the provider answered 2xx (failing over between the
 * provider's keys before that); rejects with the dispatcher's failure when no key could start it.
 *
 * Each attempt is judged when it ends: a finish_reason ends the answer (content_filter as a policy
 * stop, tool_calls as a tool call); a stream that ended without one (no `[DONE]` and no
 * finish_reason, half a chunk, a broken connection, a stall, an error event) was cut. Cut with text
 * the client holds: continue it, in the provider's style (continuationBody.ts). Nothing yet, or an
 * empty `stop`: replay. A cut tool call cannot be continued or replayed without sending the
 * client a second call, so the answer ends incomplete.
 */
export async function startChatRelay(
  dispatcher: ProviderDispatcher,
  input: ChatRelayInput,
  settings: ResumeSettings,
): Promise<ChatRelay> {
  const first = await dispatcher.open(callFor(input, input.body, settings));
  const billing: { finished?: UsageMetadata; current?: ChatAttemptFilter } = {};
  return {
    keyId: first.lease.keyId,
    pipe: (sink) => pipeBatches(runAttempts(dispatcher, input, settings, first, billing), sink),
    billedSoFar: () => addUsage(billing.finished, billing.current?.usage),
  };
}

/**
 * Writes each batch into the sink, reading no further while the client is behind. A client gone
 * stops the attempts; their own summary is then lost, and the running billing stands in for it.
 */
async function pipeBatches(
  batches: AsyncGenerator<string[], GenerationSummary>,
  sink: GenerationSink<string>,
): Promise<GenerationSummary> {
  for (;;) {
    const next = await batches.next();
    if (next.done) return next.value;
    if (!sink.write(next.value) && !(await sink.drained())) {
      const aborted: GenerationSummary = { outcome: 'aborted', attempts: [] };
      await batches.return(aborted);
      return aborted;
    }
  }
}

function callFor(input: ChatRelayInput, body: Record<string, unknown>, settings: ResumeSettings) {
  return {
    provider: input.provider,
    model: input.model,
    body,
    signal: input.signal,
    keyScope: input.keyScope,
    headersTimeoutMs: settings.firstByteTimeoutMs,
  };
}

async function* runAttempts(
  dispatcher: ProviderDispatcher,
  input: ChatRelayInput,
  settings: ResumeSettings,
  first: OpenedCall,
  billing: { finished?: UsageMetadata; current?: ChatAttemptFilter },
): AsyncGenerator<string[], GenerationSummary> {
  const n = input.body.n;
  // Several choices would need one seam each: they pass through as they come.
  const resumable = settings.enabled && (typeof n !== 'number' || n <= 1);
  const maxAttempts = resumable ? Math.max(1, settings.maxAttempts) : 1;
  const readOptions = {
    firstByteTimeoutMs: settings.firstByteTimeoutMs,
    stallTimeoutMs: settings.stallTimeoutMs,
    signal: input.signal,
  };
  const answer = new ChatAnswerSoFar();
  const attempts: AttemptRecord[] = [];
  let billed: UsageMetadata | undefined;
  let opened = first;
  let mode: AttemptMode = 'first';

  for (;;) {
    const attempt = new ChatAttemptFilter(answer, mode);
    billing.current = attempt;
    const stream = readChatStream(opened.response.body, readOptions);
    let end: ChatStreamEnd | undefined;
    try {
      for (;;) {
        const read = await stream.next();
        if (read.done) {
          end = read.value;
          break;
        }
        const out: string[] = [];
        attempt.take(read.value, out);
        if (out.length > 0) yield out;
      }
    } finally {
      if (end === undefined) await stream.return({ kind: 'aborted' });
    }
    const held: string[] = [];
    attempt.end(held);
    if (held.length > 0) yield held;
    const record: AttemptRecord = {
      keyId: opened.lease.keyId,
      mode,
      visibleChars: attempt.visibleChars,
      ...(mode === 'continue' ? { seamRemoved: attempt.seamRemoved } : {}),
      usage: attempt.usage,
    };
    attempts.push(record);
    dispatcher.recordTokens(input.provider.name, opened, input.model, attempt.usage?.promptTokenCount);
    billed = addUsage(billed, attempt.usage);
    billing.finished = billed;
    billing.current = undefined;
    if (end.kind === 'aborted' || input.signal.aborted) return summary('aborted');

    const finish = attempt.finish;
    if (finish && !finish.empty) {
      const usage = usageChunk(attempts.length === 1 ? attempt.usageJson : undefined, attempt.usage);
      if (usage) yield [usage];
      const outcome: GenerationOutcome =
        finish.reason === 'content_filter' ? 'policy-stop' : answer.toolCallSent ? 'tool-call' : 'complete';
      return summary(outcome, finish.reason);
    }
    const cause: ResumeCause = finish?.empty
      ? attempt.sawReasoning
        ? 'thoughts-only'
        : 'empty'
      : causeOfEnd(end);
    record.cause = cause;
    if (answer.toolCallSent) {
      return summary(
        'incomplete',
        undefined,
        cutError(input.provider, cause, 'a tool call was cut off, which gemgate cannot continue'),
      );
    }
    if (attempts.length >= maxAttempts) {
      const why = resumable
        ? `gemgate tried ${attempts.length} time${attempts.length === 1 ? '' : 's'} (resume.maxAttempts) and gave up`
        : 'resuming is off (resume.enabled, or several choices asked for)';
      return summary('incomplete', undefined, cutError(input.provider, cause, why));
    }
    mode = answer.text.length > 0 ? 'continue' : 'replay';
    const outputTokensSoFar =
      (billed?.candidatesTokenCount ?? 0) + (billed?.thoughtsTokenCount ?? 0) || estimateTokens(answer.text);
    if (mode === 'continue' && remainingTokens(input.body, outputTokensSoFar) === 0) {
      // The client's output budget is spent: that is how the answer would have ended anyway.
      yield [answer.closingChunk('length')];
      const usage = usageChunk(undefined, attempt.usage);
      if (usage) yield [usage];
      return summary('complete', 'length');
    }
    answer.moveOn(attempt.usage);
    const body =
      mode === 'continue'
        ? continuationBody(
            input.body,
            { visibleSoFar: answer.text, outputTokensSoFar },
            input.provider.continuation,
          )
        : input.body;
    const next = await openWithPatience(() => dispatcher.open(callFor(input, body, settings)), input.signal);
    if ('aborted' in next) return summary('aborted');
    if ('failed' in next) {
      const message = next.failed instanceof Error ? next.failed.message : String(next.failed);
      return summary(
        'incomplete',
        undefined,
        new StreamIncomplete(
          `${input.provider.name}'s stream was cut off and could not be resumed: ${message}`,
        ),
      );
    }
    opened = next.opened;
  }

  /** The answer's usage chunk, for a client that asked for one: the provider's own when one attempt made it. */
  function usageChunk(asSent: string | undefined, current: UsageMetadata | undefined): string | undefined {
    if (!input.clientWantsUsage) return undefined;
    return asSent ?? answer.usageChunk(answer.shownUsage(current));
  }

  function summary(outcome: GenerationOutcome, finishReason?: string, error?: StreamIncomplete) {
    return summaryOf(attempts, billed, outcome, finishReason, error);
  }
}

const CAUSE_TEXT: Record<ResumeCause, string> = {
  'frame-cut': 'a chunk was cut in half',
  'transport-error': 'the connection broke',
  stalled: 'it went silent past the stall timeout',
  'upstream-error': 'the provider reported an error inside the stream',
  'no-finish-reason': 'it ended without a finish_reason',
  empty: 'the answer was empty',
  'thoughts-only': 'the answer held only reasoning',
  'malformed-function-call': 'the model produced a malformed function call',
};

function cutError(provider: ProviderRecord, cause: ResumeCause, why: string): StreamIncomplete {
  return new StreamIncomplete(
    `${provider.name}'s stream was cut off: ${CAUSE_TEXT[cause]}; ${why}; the answer is incomplete.`,
  );
}

/** A cut attempt may report no usage: its output is then guessed at about four characters a token. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
