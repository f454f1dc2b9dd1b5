import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { CountTokensResponse } from '../../gemini/types.js';
import { parseCountTokensRequest, toGeminiPrompt } from '../../translate/anthropic/index.js';
import { readJsonBody } from '../../upstream/geminiClient.js';
import { abortOnClientGone } from '../responseWriter.js';
import { sendWhole } from '../generation/sendWhole.js';
import { sayDroppedTools } from '../droppedTools.js';
import { anthropicRequest, fetchMessageMedia, geminiModelFor } from './messagesRoute.js';

/**
 * `POST /v1/messages/count_tokens`: the prompt a Messages request would send (its messages, system,
 * tools and tool choice, translated as for `POST /v1/messages`), counted by Gemini's countTokens for
 * the model that would serve it, answered as Anthropic's `{input_tokens}`. Claude Code counts its
 * context with it before compacting. A web search the model cannot have beside the functions is left
 * out of the count as of the request, and said so in the same header.
 */
export async function countMessageTokens(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { client, trace } = anthropicRequest(ctx, res, 'messages.count_tokens');
  const { request, model, admission } = trace.admitting(() => {
    const request = parseCountTokensRequest(req.body);
    const model = geminiModelFor(ctx, request.model, 'POST /v1/messages/count_tokens');
    trace.model = model;
    return { request, model, admission: ctx.policies.admit(client, model) };
  });
  await trace.serving(async () => {
    const started = performance.now();
    const remoteMedia = await fetchMessageMedia(ctx, res, request);
    const prompt = toGeminiPrompt(request, model, { remoteMedia, signatures: ctx.signatures });
    sayDroppedTools(res, prompt.droppedTools);
    const opened = await ctx.dispatcher.open({
      apiVersion: 'v1beta',
      model,
      action: 'countTokens',
      body: { generateContentRequest: { model: `models/${model}`, ...prompt.body } },
      keyScope: admission.keyScope,
      clientId: client.id,
      signal: abortOnClientGone(res).signal,
    });
    trace.key(opened.lease.keyId);
    const reading = performance.now();
    const counted = (await readJsonBody(opened.response.body)) as CountTokensResponse | undefined;
    sendWhole(res, trace, {
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ input_tokens: counted?.totalTokens ?? 0 }),
      keyId: opened.lease.keyId,
      started,
      upstreamMs: opened.upstreamMs + (performance.now() - reading),
      log: () => trace.ok(),
    });
  });
}
