import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import {
  fromGeminiEmbeddings,
  parseEmbeddingsRequest,
  toGeminiEmbedRequests,
} from '../../translate/openai/index.js';
import type { BatchEmbedContentsResponse } from '../../gemini/types.js';
import { readJsonBody } from '../../upstream/geminiClient.js';
import { abortOnClientGone } from '../responseWriter.js';
import type { Admission } from '../../policy/policyGate.js';
import type { RequestTrace } from '../requestTrace.js';
import { openaiRequest } from './openaiRequest.js';
import { sendWhole } from '../generation/sendWhole.js';
import { assertServedByGemini } from '../servedByGemini.js';
import { providerEmbeddings } from './providerEmbeddingsRoute.js';

/**
 * `POST /v1/embeddings`: one `batchEmbedContents` call per 100 inputs, float or base64 out. A model
 * of another provider is relayed to it instead (providerEmbeddingsRoute.ts).
 */
export async function embeddings(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { client, trace, route } = openaiRequest(ctx, req, res, 'embeddings');
  if (route?.kind === 'provider') return providerEmbeddings(ctx, req, res, route, trace);
  const { request, translated, admission } = trace.admitting(() => {
    const request = parseEmbeddingsRequest(req.body);
    const translated = toGeminiEmbedRequests(request);
    trace.model = translated.model;
    assertServedByGemini(ctx, translated.model, 'POST /v1/embeddings');
    const admission = ctx.policies.admit(client, translated.model);
    return { request, translated, admission };
  });
  await trace.serving(() => embed(ctx, res, request, translated, admission, trace));
}

async function embed(
  ctx: GatewayContext,
  res: Response,
  request: ReturnType<typeof parseEmbeddingsRequest>,
  translated: ReturnType<typeof toGeminiEmbedRequests>,
  admission: Admission,
  trace: RequestTrace,
): Promise<void> {
  const started = performance.now();
  const abort = abortOnClientGone(res);
  const answers: BatchEmbedContentsResponse[] = [];
  let keyId = '';
  let upstreamMs = 0;
  for (const batch of translated.batches) {
    const opened = await ctx.dispatcher.open({
      apiVersion: 'v1beta',
      model: translated.model,
      action: 'batchEmbedContents',
      body: batch,
      signal: abort.signal,
      keyScope: admission.keyScope,
    });
    keyId ||= opened.lease.keyId;
    trace.key(opened.lease.keyId);
    const reading = performance.now();
    answers.push((await readJsonBody(opened.response.body)) as BatchEmbedContentsResponse);
    upstreamMs += opened.upstreamMs + (performance.now() - reading);
  }
  const answer = fromGeminiEmbeddings(answers, request, request.model);
  sendWhole(res, trace, {
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(answer),
    keyId,
    started,
    upstreamMs,
    // Gemini bills embeddings but reports no token counts for them: the cost is unknown, not zero.
    log: () => trace.ok(undefined, true),
  });
}
