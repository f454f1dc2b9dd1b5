import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import { admitForProvider, type ProviderRoute } from './providerAdmission.js';
import type { Admission } from '../../policy/policyGate.js';
import { invalidRequest } from '../../translate/openai/index.js';
import { startChatGeneration } from '../../resume/openaiCompatible/chatGeneration.js';
import { callWhole } from '../../resume/wholeCall.js';
import type { GenerationOutcome } from '../../resume/generation.js';
import { usageMetadataOf } from '../../translate/openaiCompatible/usageMetadataOf.js';
import type { ChatUsageWire } from '../../upstream/openaiCompatible/chatWire.js';
import type { ChatFrame } from '../../upstream/openaiCompatible/chatFrame.js';
import { abortOnClientGone } from '../responseWriter.js';
import type { RequestTrace } from '../requestTrace.js';
import { serveGeneration } from '../generation/serveGeneration.js';
import { sendWhole } from '../generation/sendWhole.js';
import type { GenerationDialect } from '../generation/generationDialect.js';

type ChatBody = Record<string, unknown>;

/**
 * `POST /v1/chat/completions` for a model of another provider (an OpenAI-compatible service): the
 * client's request relayed, not translated. Only what must change changes:
 *
 * | field                          | sent to the provider                                          |
 * | ------------------------------ | ------------------------------------------------------------- |
 * | `model`                        | the provider's own id (without `provider/`, alias resolved)   |
 * | `stream_options.include_usage` | true on a stream, so every request is accounted for           |
 * | everything else                | as the client sent it                                         |
 *
 * The key is the pool's, in the provider's Authorization header. Streams go through the resume
 * engine with the OpenAI-compatible family (resume/openaiCompatible/); the usage chunk the client did
 * not ask for is not passed on. A whole answer is relayed as the provider wrote it, asked for again
 * whole when it is cut on the way (callWhole).
 */
export async function providerChatCompletions(
  ctx: GatewayContext,
  req: Request,
  res: Response,
  route: ProviderRoute,
  trace: RequestTrace,
): Promise<void> {
  const { body, admission } = admitForProvider(ctx, res, route, trace, () => {
    const body = checkedBody(req.body);
    trace.stream = body.stream === true;
    return body;
  });
  if (body.stream !== true) return trace.serving(() => relayWhole(ctx, res, route, body, admission, trace));
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
  await serveGeneration(ctx, res, trace, {
    stream: true,
    open: async (signal) => ({
      generation: await startChatGeneration(
        ctx.providers,
        {
          provider: route.provider,
          model: route.model,
          body: { ...body, model: route.model, stream_options: { ...streamOptions, include_usage: true } },
          clientWantsUsage: streamOptions?.include_usage === true,
          signal,
          keyScope: admission.keyScope,
        },
        admission.resume(ctx.resumeSettings()),
      ),
      dialect: RELAYED_CHUNKS,
    }),
  });
}

/** The provider's chunks as it wrote them (or as the engine stamped them at a seam). */
const RELAYED_CHUNKS: GenerationDialect<ChatFrame> = {
  stream: () => ({
    contentType: 'text/event-stream; charset=utf-8',
    keepAlive: true,
    encode: (batch) => batch.map((frame) => `data: ${frame.json}\n\n`).join(''),
    finish: () => 'data: [DONE]\n\n',
    // The openai SDK takes a stream without [DONE] and without an error as complete: say it is not.
    fail: (error) => `data: ${JSON.stringify(error.toOpenAI())}\n\n`,
  }),
};

interface CompletionShape {
  choices?: Array<{ finish_reason?: string | null; message?: { tool_calls?: unknown[] | null } }>;
  usage?: ChatUsageWire | null;
}

/**
 * A Chat Completions answer asked for whole (`stream` not set), relayed whole: the provider's JSON
 * goes to the client as the provider wrote it. Nothing reaches the client before the answer is
 * complete, so an answer cut on the way (a broken connection, half a JSON body) is asked for
 * again, on another key when there is one, up to `resume.maxAttempts` attempts.
 */
async function relayWhole(
  ctx: GatewayContext,
  res: Response,
  route: ProviderRoute,
  body: ChatBody,
  admission: Admission,
  trace: RequestTrace,
): Promise<void> {
  const started = performance.now();
  const abort = abortOnClientGone(res);
  const settings = admission.resume(ctx.resumeSettings());
  const call = {
    provider: route.provider,
    model: route.model,
    body: { ...body, model: route.model },
    signal: abort.signal,
    keyScope: admission.keyScope,
  };
  const whole = await callWhole({
    open: () => ctx.providers.open(call),
    parse: (text) => JSON.parse(text.toString('utf8')) as CompletionShape,
    usageOf: (answer) => usageMetadataOf(answer.usage),
    recordTokens: (opened, usage) =>
      ctx.providers.recordTokens(route.provider.name, opened, route.model, usage?.promptTokenCount),
    maxAttempts: settings.enabled ? settings.maxAttempts : 1,
    signal: abort.signal,
    upstream: route.provider.name,
  });
  trace.key(whole.keyId);
  const choice = whole.answer.choices?.[0];
  const finishReason = choice?.finish_reason ?? undefined;
  const outcome: GenerationOutcome =
    finishReason === 'content_filter'
      ? 'policy-stop'
      : choice?.message?.tool_calls?.length
        ? 'tool-call'
        : 'complete';
  sendWhole(res, trace, {
    contentType: 'application/json; charset=utf-8',
    body: whole.body,
    keyId: whole.keyId,
    started,
    upstreamMs: whole.upstreamMs,
    log: () =>
      trace.generation({
        outcome,
        finishReason,
        usage: whole.billed,
        answerUsage: whole.attempts.at(-1)?.usage,
        attempts: whole.attempts,
      }),
  });
}

/** Only what gemgate itself relies on is checked; the provider judges the rest and says so. */
function checkedBody(raw: unknown): ChatBody {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidRequest('The request body must be a JSON object.', null);
  }
  const body = raw as ChatBody;
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    throw invalidRequest("'messages' must be a non-empty array.", 'messages', 'invalid_value');
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') {
    throw invalidRequest("'stream' must be a boolean.", 'stream', 'invalid_type');
  }
  if (
    body.stream_options !== undefined &&
    (typeof body.stream_options !== 'object' || body.stream_options === null)
  ) {
    throw invalidRequest("'stream_options' must be an object.", 'stream_options', 'invalid_type');
  }
  return body;
}
