import type { Request, Response } from 'express';
import { remoteMediaOptions } from '../remoteMedia.js';
import { sayDroppedTools } from '../droppedTools.js';
import type { ClientToken } from '../../store/clientTokens.js';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import {
  parseMessagesRequest,
  remoteUrls,
  toGeminiMessagesRequest,
  type MessageAnswerOptions,
  type MessagesRequest,
} from '../../translate/anthropic/index.js';
import { fetchRemoteFiles, fetchRemoteImages, normaliseModelName } from '../../translate/openai/index.js';
import { RequestTrace } from '../requestTrace.js';
import { assertServedByGemini } from '../servedByGemini.js';
import { startGeminiFor } from '../generation/startGeminiFor.js';
import { serveGeneration } from '../generation/serveGeneration.js';
import { randomHex } from '../../util/ids.js';
import { messagesDialect } from './messagesDialect.js';

/**
 * `POST /v1/messages` (also `?beta=true`, as Claude Code sends it): Anthropic's Messages API on top of
 * Gemini, streamed (Anthropic's named SSE events) or whole: parse → admit → translate → serve
 * (serveGeneration with messagesDialect). The model the client names goes through the model router
 * (`claude-…` ids to the Gemini model of their weight, models.aliases first); Gemini's models only:
 * another provider's is refused by name. Every answer goes through the resume engine, streamed from
 * Gemini; nothing is sent with 200 until Gemini has answered OK.
 */
export async function createMessage(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { client, trace } = anthropicRequest(ctx, res, 'messages');
  const { request, model, admission } = trace.admitting(() => {
    const request = parseMessagesRequest(req.body);
    const model = geminiModelFor(ctx, request.model, 'POST /v1/messages');
    trace.model = model;
    trace.stream = request.stream === true;
    return { request, model, admission: ctx.policies.admit(client, model) };
  });
  await serveGeneration(ctx, res, trace, {
    stream: request.stream === true,
    async open(signal) {
      const remoteMedia = await fetchMessageMedia(ctx, res, request);
      const translated = toGeminiMessagesRequest(request, model, { remoteMedia, signatures: ctx.signatures });
      sayDroppedTools(res, translated.droppedTools);
      const generation = await startGeminiFor(ctx, admission, {
        model,
        request: translated.body,
        signal,
        clientId: client.id,
      });
      const options: MessageAnswerOptions = {
        id: `msg_${randomHex(12)}`,
        model: request.model,
        names: translated.names,
        parallelToolCalls: translated.parallelToolCalls,
        signatures: ctx.signatures,
        searchesTheWeb: translated.body.tools?.some((tool) => tool.googleSearch !== undefined) ?? false,
      };
      return { generation, dialect: messagesDialect(options, (media) => trace.media(media)) };
    },
  });
}

/** An Anthropic-dialect request as its routes begin it: the client, and its entry in the request log. */
export function anthropicRequest(
  ctx: GatewayContext,
  res: Response,
  endpoint: string,
): { client: ClientToken; trace: RequestTrace } {
  const { client } = res.locals as ClientLocals;
  return { client, trace: RequestTrace.ofClient(ctx.usage, res, { dialect: 'anthropic', endpoint }) };
}

/** The Gemini model that serves a model id an Anthropic client names; another provider's is refused. */
export function geminiModelFor(ctx: GatewayContext, requested: string, endpoint: string): string {
  return normaliseModelName(assertServedByGemini(ctx, requested, endpoint).model);
}

/** Images and PDFs given by URL, fetched (the one I/O step of translation): Gemini takes them inline. */
export async function fetchMessageMedia(
  ctx: GatewayContext,
  res: Response,
  request: Pick<MessagesRequest, 'messages'>,
) {
  const urls = remoteUrls(request);
  // Through the gateway's public fetcher, within the request's share of the body budget (remoteMedia.ts).
  const fetching = remoteMediaOptions(ctx, res);
  const [images, documents] = await Promise.all([
    fetchRemoteImages(urls.images, fetching),
    fetchRemoteFiles(urls.documents, fetching),
  ]);
  return new Map([...images, ...documents]);
}
