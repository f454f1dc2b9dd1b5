import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import { admitForProvider, type ProviderRoute } from './providerAdmission.js';
import type { Admission } from '../../policy/policyGate.js';
import { invalidRequest } from '../../translate/openai/index.js';
import { startChatRelay } from '../../resume/openaiCompatible/chatRelay.js';
import { wholeChatAnswer } from '../../resume/openaiCompatible/wholeChatAnswer.js';
import { resumeSettingsOf } from '../../resume/resumeSettings.js';
import { StreamIncomplete } from '../../failures/failures.js';
import { abortOnClientGone } from '../responseWriter.js';
import { incompleteAnswerError } from '../clientError.js';
import { pumpGeneration } from '../pumpGeneration.js';
import type { RequestTrace } from '../requestTrace.js';

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
 * The key is the pool's, in the provider's Authorization header. Streams go through the OpenAI
 * chunk resume engine (resume/openaiCompatible/); the usage chunk the client did not ask for is not
 * passed on. A whole answer is relayed as the provider wrote it.
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
  await trace.serving(() => answer(ctx, res, route, body, admission, trace));
}

async function answer(
  ctx: GatewayContext,
  res: Response,
  route: ProviderRoute,
  body: ChatBody,
  admission: Admission,
  trace: RequestTrace,
): Promise<void> {
  const started = performance.now();
  const abort = abortOnClientGone(res);
  const settings = admission.resume(resumeSettingsOf(ctx.settings()));
  const streamOptions = body.stream_options as { include_usage?: unknown } | undefined;
  const input = {
    provider: route.provider,
    model: route.model,
    body:
      body.stream === true
        ? { ...body, model: route.model, stream_options: { ...streamOptions, include_usage: true } }
        : { ...body, model: route.model },
    signal: abort.signal,
    keyScope: admission.keyScope,
  };
  if (body.stream === true) {
    const relay = await startChatRelay(
      ctx.providers,
      { ...input, clientWantsUsage: streamOptions?.include_usage === true },
      settings,
    );
    trace.key(relay.keyId);
    await pumpGeneration(res, relay, trace, {
      contentType: 'text/event-stream; charset=utf-8',
      keepAliveMs: ctx.settings()['resume.keepAliveMs'],
      encode: (batch) => batch.map((json) => `data: ${json}\n\n`).join(''),
      // The openai SDK takes a stream without [DONE] and without an error as complete: say it is not.
      end: (summary) =>
        summary.outcome === 'incomplete'
          ? `data: ${JSON.stringify(incompleteAnswerError(summary.error).toOpenAI())}\n\n`
          : 'data: [DONE]\n\n',
    });
    return;
  }
  const whole = await wholeChatAnswer(ctx.providers, input, settings);
  trace.key(whole.keyId);
  if (whole.summary.outcome === 'aborted') return trace.generation(whole.summary);
  if (whole.summary.outcome === 'incomplete' || whole.text === undefined) {
    trace.generation(whole.summary);
    throw whole.summary.error ?? new StreamIncomplete();
  }
  res.status(200);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('x-gemgate-key-id', whole.keyId);
  res.setHeader('x-gemgate-overhead-ms', (performance.now() - started - whole.waitedMs).toFixed(2));
  trace.firstByte();
  // Logged before the answer goes out, so that a client that got it finds it in the log.
  trace.generation(whole.summary);
  res.end(whole.text);
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
