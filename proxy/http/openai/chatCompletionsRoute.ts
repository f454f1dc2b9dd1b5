import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import {
  fetchRemoteMedia,
  parseChatRequest,
  normaliseModelName,
  toGeminiRequest,
} from '../../translate/openai/index.js';
import { startGeminiFor } from '../generation/startGeminiFor.js';
import { openaiRequest } from './openaiRequest.js';
import { serveGeneration } from '../generation/serveGeneration.js';
import { providerChatCompletions } from './providerChatRoute.js';
import { chatDialect } from './chatDialect.js';
import { randomHex } from '../../util/ids.js';
import { remoteMediaOptions } from '../remoteMedia.js';

/**
 * `POST /v1/chat/completions`: OpenAI's Chat Completions on top of Gemini, streamed or whole:
 * parse → admit → translate → serve (serveGeneration with chatDialect). Every answer goes through
 * the resume engine, streamed from Gemini; nothing is sent with 200 until Gemini has answered OK. A
 * model of another provider (ctx.models decides) is relayed to it instead (providerChatRoute.ts).
 */
export async function chatCompletions(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { client, trace, route } = openaiRequest(ctx, req, res, 'chat.completions');
  if (route?.kind === 'provider') return providerChatCompletions(ctx, req, res, route, trace);
  const { chat, admission } = trace.admitting(() => {
    let chat = parseChatRequest(req.body);
    // An alias or a `gemini/` prefix names the Gemini model the request is translated for.
    if (route && route.model !== normaliseModelName(chat.model)) chat = { ...chat, model: route.model };
    const model = normaliseModelName(chat.model);
    trace.model = model;
    trace.stream = chat.stream === true;
    const admission = ctx.policies.admit(client, model);
    return { chat, admission };
  });
  await serveGeneration(ctx, res, trace, {
    stream: chat.stream === true,
    async open(signal) {
      const remoteMedia = await fetchRemoteMedia(chat, remoteMediaOptions(ctx, res));
      const translated = toGeminiRequest(chat, { remoteMedia, signatures: ctx.signatures });
      const generation = await startGeminiFor(ctx, admission, {
        model: translated.model,
        request: translated.body,
        signal,
        clientId: client.id,
      });
      const options = {
        id: `chatcmpl-${randomHex(12)}`,
        // The name the client used, unless a fallback model answered instead.
        model: generation.model === translated.model ? chat.model : generation.model,
        created: Math.floor(Date.now() / 1000),
        parallelToolCalls: translated.parallelToolCalls,
        signatures: ctx.signatures,
        includeUsage: translated.includeUsage,
      };
      return { generation, dialect: chatDialect(options, (media) => trace.media(media)) };
    },
  });
}
