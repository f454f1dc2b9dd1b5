import querystring from 'node:querystring';
import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { GenerateContentRequest, GenerateContentResponse } from '../../gemini/types.js';
import { GatewayError } from '../gatewayError.js';
import { assertServedByGemini } from '../servedByGemini.js';
import { abortOnClientGone } from '../responseWriter.js';
import { isGeminiAction } from './modelPath.js';
import { startGeminiFor } from '../generation/startGeminiFor.js';
import type { Admission } from '../../policy/policyGate.js';
import type { RequestTrace } from '../requestTrace.js';
import { modelActionRequest } from './modelActionTrace.js';
import { assertJsonObject } from './geminiBody.js';
import { mediaOfResponse } from '../../gemini/mediaOutput.js';
import { serveGeneration } from '../generation/serveGeneration.js';
import { sendWhole } from '../generation/sendWhole.js';
import { geminiDialect } from './geminiDialect.js';

/**
 * Gemini's own dialect, for clients that speak it (the @google/genai SDK, Cherry Studio's and
 * ChatBox's Gemini providers): the same paths as generativelanguage.googleapis.com, the client's
 * gemgate token in place of a Gemini key, and the call made with a key from the pool.
 *
 * | action                               | served                                                        |
 * | ------------------------------------ | ------------------------------------------------------------- |
 * | streamGenerateContent                | the resume engine, streamed (geminiDialect: SSE or JSON array) |
 * | generateContent, resuming on         | the resume engine, streamed from Gemini and returned whole     |
 * | anything else (countTokens, embeds…) | relayed whole, byte for byte                                   |
 */
export async function nativeAction(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { apiVersion, model, action, client, trace } = modelActionRequest(ctx, req, res);
  const admission = trace.admitting(() => {
    if (!isGeminiAction(action)) {
      throw new GatewayError(
        404,
        `Method ${action} is not supported by gemgate. Supported: generateContent, streamGenerateContent, countTokens, embedContent, batchEmbedContents, predict, predictLongRunning.`,
      );
    }
    assertJsonObject(req.body);
    // Gemini's own dialect reaches Gemini only: another provider's model is refused by name.
    assertServedByGemini(ctx, model, action);
    // A file or cached content of another client is refused as Gemini refuses a stranger.
    ctx.dispatcher.assertVisibleTo(req.body, client.id);
    // Client policy: model, accounts/tiers, spend and rpm, before any upstream call.
    return ctx.policies.admit(client, model);
  });
  const call: NativeCall = { apiVersion, model, action, body: req.body, admission };
  const streamed = action === 'streamGenerateContent';
  if (streamed || (action === 'generateContent' && ctx.settings()['resume.enabled'])) {
    return serveGeneration(ctx, res, trace, {
      stream: streamed,
      open: async (signal) => ({
        generation: await startGeminiFor(ctx, admission, {
          apiVersion,
          model,
          request: req.body as GenerateContentRequest,
          signal,
        }),
        dialect: geminiDialect(asksForSse(req.url), (media) => trace.media(media)),
      }),
    });
  }
  await trace.serving(() => relayWhole(ctx, res, call, trace));
}

/**
 * Whether the query says `alt=sse`, parsed as the app's query parser does ('simple': node:querystring)
 * but without req.query, whose getter parses the URL again on every read.
 */
function asksForSse(url: string): boolean {
  const query = url.indexOf('?');
  return query !== -1 && querystring.parse(url.slice(query + 1)).alt === 'sse';
}

type NativeCall = {
  apiVersion: 'v1' | 'v1beta';
  model: string;
  action: string;
  body: unknown;
  admission: Admission;
};

/** Non-streamed actions: Gemini's answer goes back byte for byte. */
async function relayWhole(
  ctx: GatewayContext,
  res: Response,
  call: NativeCall,
  trace: RequestTrace,
): Promise<void> {
  const started = performance.now();
  const abort = abortOnClientGone(res);
  const { admission, ...upstream } = call;
  const opened = await ctx.dispatcher.open({
    ...upstream,
    keyScope: admission.keyScope,
    signal: abort.signal,
  });
  trace.key(opened.lease.keyId);
  const reading = performance.now();
  const body = Buffer.from(await opened.response.body.arrayBuffer());
  const upstreamMs = opened.upstreamMs + (performance.now() - reading);
  const answer = call.action === 'generateContent' ? parseAnswer(body) : undefined;
  if (answer) trace.media(mediaOfResponse(answer));
  sendWhole(res, trace, {
    contentType: 'application/json; charset=UTF-8',
    body,
    keyId: opened.lease.keyId,
    started,
    upstreamMs,
    // Gemini bills embeddings but reports no token counts for them: the cost is unknown, not zero.
    log: () =>
      trace.ok(answer?.usageMetadata, call.action === 'embedContent' || call.action === 'batchEmbedContents'),
  });
}

/** A whole generateContent answer, for its usageMetadata and the images or speech it holds. */
function parseAnswer(body: Buffer): GenerateContentResponse | undefined {
  try {
    return JSON.parse(body.toString('utf8')) as GenerateContentResponse;
  } catch {
    return undefined;
  }
}
