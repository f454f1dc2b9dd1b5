import type { ProviderDispatcher } from '../../dispatch/providerDispatcher.js';
import type { OpenedCall } from '../../dispatch/upstreamDispatcher.js';
import type { UsageMetadata } from '../../gemini/types.js';
import { StreamIncomplete } from '../../failures/failures.js';
import type { ChatUsageWire } from '../../upstream/openaiCompatible/chatWire.js';
import { usageMetadataOf } from '../../translate/openaiCompatible/usageMetadataOf.js';
import type {
  AttemptRecord,
  GenerationOutcome,
  GenerationSummary,
  ResumeSettings,
} from '../resumableGeneration.js';
import { openWithPatience } from '../openWithPatience.js';
import { addUsage } from '../usage.js';
import type { ChatRelayInput } from './chatRelay.js';

export interface WholeChatAnswer {
  /** The key that answered first (for `x-gemgate-key-id`). */
  keyId: string;
  /** The provider's answer, exactly as it sent it; absent when it could not be had. */
  text?: string;
  summary: GenerationSummary;
  /** Time spent waiting for the provider, to tell gemgate's own overhead apart. */
  waitedMs: number;
}

interface CompletionShape {
  choices?: Array<{ finish_reason?: string | null; message?: { tool_calls?: unknown[] | null } }>;
  usage?: ChatUsageWire | null;
}

/**
 * A Chat Completions answer asked for whole (`stream` not set), relayed whole: the provider's JSON
 * goes to the client as the provider wrote it. Nothing reaches the client before the answer is
 * complete, so an answer cut on the way (a broken connection, half a JSON body) is asked for
 * again, on another key when there is one, up to `resume.maxAttempts` attempts. Rejects with the
 * dispatcher's failure when no key could answer at all.
 */
export async function wholeChatAnswer(
  dispatcher: ProviderDispatcher,
  input: Omit<ChatRelayInput, 'clientWantsUsage'>,
  settings: ResumeSettings,
): Promise<WholeChatAnswer> {
  const call = {
    provider: input.provider,
    model: input.model,
    body: input.body,
    signal: input.signal,
    keyScope: input.keyScope,
  };
  const started = performance.now();
  let opened: OpenedCall = await dispatcher.open(call);
  const keyId = opened.lease.keyId;
  const maxAttempts = settings.enabled ? Math.max(1, settings.maxAttempts) : 1;
  const attempts: AttemptRecord[] = [];
  let billed: UsageMetadata | undefined;
  const done = (outcome: GenerationOutcome, extra: Partial<GenerationSummary> & { text?: string } = {}) => {
    const { text, ...rest } = extra;
    return {
      keyId,
      ...(text === undefined ? {} : { text }),
      summary: { outcome, usage: billed, answerUsage: attempts.at(-1)?.usage, attempts, ...rest },
      waitedMs: performance.now() - started,
    };
  };
  for (;;) {
    let text: string | undefined;
    let parsed: CompletionShape | undefined;
    try {
      text = await opened.response.body.text();
      parsed = JSON.parse(text) as CompletionShape;
    } catch {
      parsed = undefined;
    }
    const usage = usageMetadataOf(parsed?.usage);
    attempts.push({
      keyId: opened.lease.keyId,
      mode: attempts.length === 0 ? 'first' : 'replay',
      visibleChars: 0,
      usage,
      ...(parsed ? {} : { cause: input.signal.aborted ? undefined : 'transport-error' }),
    });
    billed = addUsage(billed, usage);
    dispatcher.recordTokens(input.provider.name, opened, input.model, usage?.promptTokenCount);
    if (input.signal.aborted) return done('aborted');
    if (parsed && text !== undefined) {
      const choice = parsed.choices?.[0];
      const reason = choice?.finish_reason ?? undefined;
      const outcome: GenerationOutcome =
        reason === 'content_filter'
          ? 'policy-stop'
          : choice?.message?.tool_calls?.length
            ? 'tool-call'
            : 'complete';
      return done(outcome, { text, ...(reason ? { finishReason: reason } : {}) });
    }
    if (attempts.length >= maxAttempts) {
      return done('incomplete', {
        error: new StreamIncomplete(
          `${input.provider.name}'s answer was cut off on the way; gemgate tried ${attempts.length} time${attempts.length === 1 ? '' : 's'} (resume.maxAttempts) and gave up.`,
        ),
      });
    }
    const next = await openWithPatience(() => dispatcher.open(call), input.signal);
    if ('aborted' in next) return done('aborted');
    if ('failed' in next) {
      const message = next.failed instanceof Error ? next.failed.message : String(next.failed);
      return done('incomplete', {
        error: new StreamIncomplete(
          `${input.provider.name}'s answer was cut off and could not be asked for again: ${message}`,
        ),
      });
    }
    opened = next.opened;
  }
}
