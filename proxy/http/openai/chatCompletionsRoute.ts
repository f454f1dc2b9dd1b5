import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import {
  createChatStreamTranslator,
  fetchRemoteMedia,
  fromGeminiResponse,
  parseChatRequest,
  normaliseModelName,
  toGeminiRequest,
  type ChatRequest,
  type ChatResponseOptions,
  type ChatStreamTranslator,
} from '../../translate/openai/index.js';
import { startGeneration, type Generation } from '../../resume/resumableGeneration.js';
import { resumeSettingsOf } from '../../resume/resumeSettings.js';
import { collectAnswer } from '../../resume/collectGeneration.js';
import { abortOnClientGone } from '../responseWriter.js';
import { incompleteAnswerError } from '../clientError.js';
import { StreamIncomplete } from '../../failures/failures.js';
import { pumpGeneration, type StreamDialect } from '../pumpGeneration.js';
import type { ClientLocals } from '../gatewayContext.js';
import type { Admission } from '../../policy/policyGate.js';
import { RequestTrace } from '../requestTrace.js';
import { hasMedia, mediaOfResponse, type MediaOutput } from '../../gemini/mediaOutput.js';
import { providerChatCompletions } from './providerChatRoute.js';
import { randomHex } from '../../util/ids.js';
import { remoteMediaOptions } from '../remoteMedia.js';

/**
 * `POST /v1/chat/completions`: OpenAI's Chat Completions on top of Gemini, streamed or whole.
 * Every answer goes through the resume engine, streamed from Gemini; a whole answer is collected
 * and translated at the end. Nothing is sent with 200 until Gemini has answered OK. A model of
 * another provider (ctx.models decides) is relayed to it instead (providerChatRoute.ts).
 */
export async function chatCompletions(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { client } = res.locals as ClientLocals;
  // Usage log (one entry per request, however it ends) and the token's policy, before any upstream call.
  const trace = RequestTrace.ofClient(ctx.usage, res, {
    dialect: 'openai',
    endpoint: 'chat.completions',
  });
  const requested = (req.body as { model?: unknown } | null)?.model;
  const route = typeof requested === 'string' ? ctx.models.resolve(requested) : undefined;
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
  await trace.serving(() => answer(ctx, res, chat, admission, trace));
}

async function answer(
  ctx: GatewayContext,
  res: Response,
  chat: ChatRequest,
  admission: Admission,
  trace: RequestTrace,
): Promise<void> {
  const started = performance.now();
  const remoteMedia = await fetchRemoteMedia(chat, remoteMediaOptions(ctx, res));
  const translated = toGeminiRequest(chat, { remoteMedia, signatures: ctx.signatures });
  // Files API URIs in the messages: another client's are refused as Gemini refuses a stranger.
  ctx.dispatcher.ownership.assertVisibleTo(translated.body, (res.locals as ClientLocals).client.id);
  const abort = abortOnClientGone(res);
  const opening = performance.now();
  const generation = await startGeneration(
    ctx.dispatcher,
    {
      apiVersion: 'v1beta',
      model: translated.model,
      request: translated.body,
      signal: abort.signal,
      signatureRouting: ctx.routing,
      keyScope: admission.keyScope,
    },
    admission.resume(resumeSettingsOf(ctx.settings())),
  );
  trace.key(generation.keyId);
  const openedMs = performance.now() - opening;
  const options: ChatResponseOptions = {
    id: `chatcmpl-${randomHex(12)}`,
    model: chat.model,
    created: Math.floor(Date.now() / 1000),
    parallelToolCalls: translated.parallelToolCalls,
    signatures: ctx.signatures,
  };
  if (translated.stream) {
    await streamAnswer(
      res,
      generation,
      { ...options, includeUsage: translated.includeUsage },
      ctx.settings()['resume.keepAliveMs'],
      trace,
    );
    return;
  }
  const { answer: whole, summary, waitedMs } = await collectAnswer(generation);
  if (summary.outcome === 'aborted') return trace.generation(summary);
  if (summary.outcome === 'incomplete') {
    trace.generation(summary);
    throw summary.error ?? new StreamIncomplete();
  }
  trace.media(mediaOfResponse(whole));
  const completion = fromGeminiResponse({ ...whole, usageMetadata: summary.answerUsage }, options);
  res.setHeader('x-gemgate-key-id', generation.keyId);
  res.setHeader('x-gemgate-overhead-ms', (performance.now() - started - openedMs - waitedMs).toFixed(2));
  trace.firstByte();
  // Logged before the answer goes out, so that a client that got it finds it in the log (test/crash).
  trace.generation(summary);
  // Written directly rather than with res.json, which also hashes every answer for an ETag that no
  // client of a POST uses.
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(completion));
}

function streamAnswer(
  res: Response,
  generation: Generation,
  options: ChatResponseOptions & { includeUsage: boolean },
  keepAliveMs: number,
  trace: RequestTrace,
): Promise<void> {
  return pumpGeneration(res, generation, trace, {
    contentType: 'text/event-stream; charset=utf-8',
    keepAliveMs,
    ...chatStreamEncoding(createChatStreamTranslator(options), (media) => trace.media(media)),
  });
}

const sse = (chunks: object[]) => chunks.map((chunk) => `data: ${JSON.stringify(chunk)}\n\n`).join('');

/**
 * How a chat completion is streamed: each chunk as `data: <json>` and a blank line, ending with
 * `data: [DONE]`, or with an error event when the answer is incomplete. Images are priced per image,
 * so they are counted (`onMedia`) as they go out; a frame of plain text holds none.
 */
export function chatStreamEncoding(
  translator: ChatStreamTranslator,
  onMedia: (media: MediaOutput) => void = () => {},
): Pick<StreamDialect, 'encode' | 'end'> {
  return {
    encode: (batch) => {
      let out = '';
      for (const frame of batch) {
        // A skimmed frame of plain text becomes its chunks' JSON straight from Gemini's written text.
        if (frame.plain) {
          for (const json of translator.pushPlain(frame.plain)) out += `data: ${json}\n\n`;
          continue;
        }
        const media = mediaOfResponse(frame.chunk);
        if (hasMedia(media)) onMedia(media);
        out += sse(translator.push(frame.chunk));
      }
      return out;
    },
    end: (summary) => {
      if (summary.outcome === 'incomplete' || !translator.finished) {
        // The openai SDK treats a stream without [DONE] and without an error as complete; say it is not.
        return sse([incompleteAnswerError(summary.error).toOpenAI()]);
      }
      return `${sse(translator.end(summary.answerUsage))}data: [DONE]\n\n`;
    },
  };
}
