import type { Request, Response } from 'express';
import type { GatewayContext } from '../../app/gatewayContext.js';
import {
  fromGeminiEmbeddings,
  parseEmbeddingsRequest,
  toGeminiEmbedRequests,
} from '../../translate/openai/index.js';
import type { BatchEmbedContentsResponse } from '../../gemini/types.js';
import { readJsonBody } from '../../upstream/geminiClient.js';
import { abortOnClientGone } from '../responseWriter.js';

/** `POST /v1/embeddings`: one `batchEmbedContents` call per 100 inputs, float or base64 out. */
export async function embeddings(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const request = parseEmbeddingsRequest(req.body);
  const translated = toGeminiEmbedRequests(request);
  const abort = abortOnClientGone(res);
  const answers: BatchEmbedContentsResponse[] = [];
  let keyId = '';
  for (const batch of translated.batches) {
    const opened = await ctx.dispatcher.open({
      apiVersion: 'v1beta',
      model: translated.model,
      action: 'batchEmbedContents',
      body: batch,
      signal: abort.signal,
    });
    keyId ||= opened.lease.keyId;
    answers.push((await readJsonBody(opened.response.body)) as BatchEmbedContentsResponse);
  }
  res.setHeader('x-gemgate-key-id', keyId);
  res.json(fromGeminiEmbeddings(answers, request, request.model));
}
