import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import { admitForProvider, type ProviderRoute } from './providerAdmission.js';
import { invalidRequest } from '../../translate/openai/index.js';
import { usageMetadataOf } from '../../translate/openaiCompatible/usageMetadataOf.js';
import type { ChatUsageWire } from '../../upstream/openaiCompatible/chatWire.js';
import { abortOnClientGone } from '../responseWriter.js';
import type { RequestTrace } from '../requestTrace.js';
import { sendWhole } from '../generation/sendWhole.js';

type EmbeddingsBody = Record<string, unknown>;

/**
 * `POST /v1/embeddings` for a model of another provider (DashScope's `text-embedding-v4`, say, which
 * Cherry Studio's knowledge bases ask for): the client's request relayed to the provider's
 * `/embeddings` through that provider's pool, not translated. Only the model changes: the
 * provider's own id (without `provider/`, alias resolved). The answer goes back as the provider
 * wrote it (float or base64 vectors, as the client asked).
 *
 * Nothing to resume: an embedding is one whole answer, and a rate-limited or refused key fails over
 * to the provider's next key before any byte goes out. The answer's `usage.prompt_tokens` is
 * recorded and priced as the provider's model, and counted against the account's tokens per minute.
 */
export async function providerEmbeddings(
  ctx: GatewayContext,
  req: Request,
  res: Response,
  route: ProviderRoute,
  trace: RequestTrace,
): Promise<void> {
  const { body, admission } = admitForProvider(ctx, res, route, trace, () => checkedBody(req.body));
  await trace.serving(async () => {
    const started = performance.now();
    const abort = abortOnClientGone(res);
    const opened = await ctx.providers.open({
      provider: route.provider,
      model: route.model,
      endpoint: 'embeddings',
      body: { ...body, model: route.model },
      signal: abort.signal,
      keyScope: admission.keyScope,
    });
    trace.key(opened.lease.keyId);
    const reading = performance.now();
    const answer = Buffer.from(await opened.response.body.arrayBuffer());
    const upstreamMs = opened.upstreamMs + (performance.now() - reading);
    const usage = usageOf(answer);
    ctx.providers.recordTokens(route.provider.name, opened, route.model, usage?.prompt_tokens);
    sendWhole(res, trace, {
      contentType: 'application/json; charset=utf-8',
      body: answer,
      keyId: opened.lease.keyId,
      started,
      upstreamMs,
      log: () => trace.ok(usageMetadataOf(usage)),
    });
  });
}

/** Only what gemgate itself relies on is checked; the provider judges the rest and says so. */
function checkedBody(raw: unknown): EmbeddingsBody {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw invalidRequest('The request body must be a JSON object.', null);
  }
  const body = raw as EmbeddingsBody;
  if (typeof body.input !== 'string' && !(Array.isArray(body.input) && body.input.length > 0)) {
    throw invalidRequest("'input' must be a string or a non-empty array.", 'input', 'invalid_value');
  }
  return body;
}

/** The answer's usage object, if it has one (a 2xx answer that is not JSON has none to record). */
function usageOf(answer: Buffer): ChatUsageWire | undefined {
  try {
    const parsed = JSON.parse(answer.toString('utf8')) as { usage?: ChatUsageWire | null };
    return parsed.usage ?? undefined;
  } catch {
    return undefined;
  }
}
