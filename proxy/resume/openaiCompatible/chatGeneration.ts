import type { UsageMetadata } from '../../gemini/types.js';
import type { KeyScope } from '../../pool/keyPool.js';
import type { ProviderRecord } from '../../store/providers.js';
import type { ProviderDispatcher } from '../../dispatch/providerDispatcher.js';
import { chatPayloads, type ChatFrame } from '../../upstream/openaiCompatible/chatFrame.js';
import type { AttemptJudgement, GenerationPlan, NextAttempt } from '../family.js';
import type { Generation, GenerationOutcome, ResumeSettings } from '../generation.js';
import { startGeneration } from '../engine.js';
import { causeOfEnd, cutOffError, type ResumeCause, type StreamVocabulary } from '../resumeCause.js';
import { ChatAnswerSoFar, ChatAttemptFilter } from './chatAttempt.js';
import { continuationBody, remainingTokens } from './continuationBody.js';

export interface ChatGenerationInput {
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

/**
 * Relays a streamed Chat Completions answer from an OpenAI-compatible provider, through its own
 * pool, and completes it when the provider cuts it off: the one engine (engine.ts) with chatPlan
 * for the OpenAI chunk shape. Resolves once the provider answered 2xx.
 */
export function startChatGeneration(
  dispatcher: ProviderDispatcher,
  input: ChatGenerationInput,
  settings: ResumeSettings,
): Promise<Generation<ChatFrame>> {
  return startGeneration(chatPlan(dispatcher, input, settings), settings, input.signal);
}

/**
 * An OpenAI-compatible provider's streamed Chat Completions as the engine plays it:
 *
 * | step                | the provider's way                                                          |
 * | ------------------- | --------------------------------------------------------------------------- |
 * | open                | its own pool through the failover loop (providerDispatcher.ts)              |
 * | frames              | parsed `data:` chunks; `[DONE]` ends the stream (chatFrame.ts)               |
 * | filter              | ChatAttemptFilter (seams, reasoning once, an empty `stop` held back)        |
 * | judge               | a finish_reason ends the answer (`content_filter`: a policy stop; a tool call) |
 * | a cut tool call     | cannot be continued or replayed without a second call: the answer ends incomplete |
 * | resumable           | one choice only (`n` ≤ 1)                                                    |
 * | continue            | in the provider's style (continuationBody.ts: partial, prefix or prompt)   |
 * | output budget spent | the answer ends with `length`, as it would have                              |
 * | usage               | the provider's own usage chunk when one attempt made the answer, else the answer's |
 */
export function chatPlan(
  dispatcher: ProviderDispatcher,
  input: ChatGenerationInput,
  settings: ResumeSettings,
): GenerationPlan<Record<string, unknown>, ChatFrame, ChatAttemptFilter> {
  const answer = new ChatAnswerSoFar();
  const words = vocabularyOf(input.provider);
  const n = input.body.n;
  /** The answer's usage chunk, for a client that asked for one: the provider's own when one attempt made it. */
  const usageTail = (asSent: ChatFrame | undefined, current: UsageMetadata | undefined): ChatFrame[] => {
    if (!input.clientWantsUsage) return [];
    return [asSent ?? answer.usageChunk(answer.shownUsage(current))];
  };
  return {
    words,
    request: input.body,
    // Several choices would need one seam each: they pass through as they come.
    resumable: typeof n !== 'number' || n <= 1,
    wholeOnly: false,
    payloads: () => chatPayloads,
    open: (body) =>
      dispatcher.open({
        provider: input.provider,
        model: input.model,
        body,
        signal: input.signal,
        keyScope: input.keyScope,
        headersTimeoutMs: settings.firstByteTimeoutMs,
      }),
    attempt: (mode) => new ChatAttemptFilter(answer, mode),
    forget: () => {},
    judge(end, attempt): AttemptJudgement<ChatFrame> {
      const finish = attempt.finish;
      if (finish && !finish.empty) {
        const outcome: GenerationOutcome =
          finish.reason === 'content_filter' ? 'policy-stop' : answer.toolCallSent ? 'tool-call' : 'complete';
        const asSent = attempt.mode === 'first' ? attempt.usageFrame : undefined;
        return { outcome, finishReason: finish.reason, tail: usageTail(asSent, attempt.usage) };
      }
      const cause: ResumeCause = finish?.empty
        ? attempt.sawReasoning
          ? 'thoughts-only'
          : 'empty'
        : causeOfEnd(end);
      if (!answer.toolCallSent) return { cause };
      const why = 'a tool call was cut off, which gemgate cannot continue';
      return { cause, unresumable: cutOffError(cause, why, words) };
    },
    next(attempt, billed): NextAttempt<Record<string, unknown>, ChatFrame> {
      const mode = answer.text.length > 0 ? 'continue' : 'replay';
      const outputTokensSoFar =
        (billed?.candidatesTokenCount ?? 0) + (billed?.thoughtsTokenCount ?? 0) ||
        estimateTokens(answer.text);
      if (mode === 'continue' && remainingTokens(input.body, outputTokensSoFar) === 0) {
        const tail = [answer.closingChunk('length'), ...usageTail(undefined, attempt.usage)];
        return { outcome: 'complete', finishReason: 'length', tail };
      }
      answer.moveOn(attempt.usage);
      if (mode === 'replay') return { mode, body: input.body };
      const body = continuationBody(
        input.body,
        { visibleSoFar: answer.text, outputTokensSoFar },
        input.provider.continuation,
      );
      return { mode, body };
    },
    recordTokens: (opened, usage) =>
      dispatcher.recordTokens(input.provider.name, opened, input.model, usage?.promptTokenCount),
  };
}

/** How a provider's stream is spoken of: its name, its chunks and finish_reason. */
function vocabularyOf(provider: ProviderRecord): StreamVocabulary {
  return {
    upstream: provider.name,
    reporter: 'the provider',
    frame: 'chunk',
    finishField: 'finish_reason',
    thoughts: 'reasoning',
    resumingOff: 'resuming is off (resume.enabled, or several choices asked for)',
  };
}

/** A cut attempt may report no usage: its output is then guessed at about four characters a token. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
