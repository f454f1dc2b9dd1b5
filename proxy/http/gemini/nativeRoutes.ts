import querystring from 'node:querystring';
import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { GenerateContentRequest, GenerateContentResponse } from '../../gemini/types.js';
import { GatewayError } from '../gatewayError.js';
import { incompleteAnswerError } from '../clientError.js';
import { StreamIncomplete, WrongProviderRoute } from '../../failures/failures.js';
import { abortOnClientGone } from '../responseWriter.js';
import { pumpGeneration, type StreamDialect } from '../pumpGeneration.js';
import { isGeminiAction, parseModelAction } from './modelPath.js';
import {
  startGeneration,
  type GenerationInput,
  type GenerationSummary,
} from '../../resume/resumableGeneration.js';
import { resumeSettingsOf } from '../../resume/resumeSettings.js';
import { collectAnswer } from '../../resume/collectGeneration.js';
import type { ClientLocals } from '../gatewayContext.js';
import type { Admission } from '../../policy/policyGate.js';
import { RequestTrace } from '../requestTrace.js';
import { hasMedia, mediaOfResponse, type MediaOutput } from '../../gemini/mediaOutput.js';

/**
 * Gemini's own dialect, for clients that speak it (the @google/genai SDK, Cherry Studio's and
 * ChatBox's Gemini providers): the same paths as generativelanguage.googleapis.com, the client's
 * gemgate token in place of a Gemini key, and the call made with a key from the pool.
 */
export async function nativeAction(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { apiVersion, model, action } = parseModelAction(req.path)!;
  const { client } = res.locals as ClientLocals;
  // Usage log: every request that reaches here is recorded once, however it ends.
  const trace = RequestTrace.ofClient(ctx.usage, res, {
    dialect: 'gemini',
    endpoint: action,
    model,
    stream: action === 'streamGenerateContent',
  });
  const admission = trace.admitting(() => {
    if (!isGeminiAction(action)) {
      throw new GatewayError(
        404,
        `Method ${action} is not supported by gemgate. Supported: generateContent, streamGenerateContent, countTokens, embedContent, batchEmbedContents, predict, predictLongRunning.`,
      );
    }
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw new GatewayError(400, 'Invalid JSON payload received. The request body must be a JSON object.');
    }
    // Gemini's own dialect reaches Gemini only: another provider's model is refused by name.
    const route = ctx.models.resolve(model);
    if (route.kind === 'provider') throw new WrongProviderRoute(model, route.provider.name, action);
    // A file or cached content of another client is refused as Gemini refuses a stranger.
    ctx.dispatcher.ownership.assertVisibleTo(req.body, client.id);
    // Client policy: model, accounts/tiers, spend and rpm, before any upstream call.
    return ctx.policies.admit(client, model);
  });
  const call: NativeCall = {
    apiVersion,
    model,
    action,
    body: req.body,
    admission,
  };
  await trace.serving(() => {
    if (action === 'streamGenerateContent') return relayStream(ctx, res, call, asksForSse(req.url), trace);
    if (action === 'generateContent' && ctx.settings()['resume.enabled'])
      return generateWhole(ctx, res, call, trace);
    return relayWhole(ctx, res, call, trace);
  });
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
  const upstreamStarted = performance.now();
  const body = Buffer.from(await opened.response.body.arrayBuffer());
  const upstreamMs = opened.upstreamMs + (performance.now() - upstreamStarted);
  res.status(200);
  res.setHeader('content-type', 'application/json; charset=UTF-8');
  res.setHeader('x-gemgate-key-id', opened.lease.keyId);
  res.setHeader('x-gemgate-overhead-ms', (performance.now() - started - upstreamMs).toFixed(2));
  const answer = call.action === 'generateContent' ? parseAnswer(body) : undefined;
  if (answer) trace.media(mediaOfResponse(answer));
  // Logged before the answer ends, so that a client that got it all finds it in the log (test/crash).
  trace.ok(answer?.usageMetadata, call.action === 'embedContent' || call.action === 'batchEmbedContents');
  res.end(body);
}

/** A whole generateContent answer, for its usageMetadata and the images or speech it holds. */
function parseAnswer(body: Buffer): GenerateContentResponse | undefined {
  try {
    return JSON.parse(body.toString('utf8')) as GenerateContentResponse;
  } catch {
    return undefined;
  }
}

/**
 * Streams chunk by chunk through the resume engine: `alt=sse` frames as Gemini writes them, or
 * Gemini's streamed JSON array when the client did not ask for SSE. Headers go out only once Gemini
 * has answered 200. If the answer cannot be completed, the stream ends with an error object, so the
 * client knows it is incomplete instead of taking a cut answer for a whole one.
 */
async function relayStream(
  ctx: GatewayContext,
  res: Response,
  call: NativeCall,
  sse: boolean,
  trace: RequestTrace,
): Promise<void> {
  const abort = abortOnClientGone(res);
  const generation = await startGeneration(
    ctx.dispatcher,
    generationInput(ctx, call, abort.signal),
    call.admission.resume(resumeSettingsOf(ctx.settings())),
  );
  trace.key(generation.keyId);
  await pumpGeneration(res, generation, trace, {
    contentType: sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
    ...(sse ? { keepAliveMs: ctx.settings()['resume.keepAliveMs'] } : {}),
    ...nativeStreamEncoding(
      sse,
      (summary) =>
        ctx.logger.warn({ model: call.model, attempts: summary.attempts.length }, 'stream incomplete'),
      (media) => trace.media(media),
    ),
  });
}

/**
 * How a native stream is written: SSE frames (`data: …` and a blank line, no terminator), or, without
 * `alt=sse`, one JSON array written element by element. An answer that cannot be completed ends with
 * Google's error object.
 */
export function nativeStreamEncoding(
  sse: boolean,
  onIncomplete: (summary: GenerationSummary) => void,
  onMedia: (media: MediaOutput) => void = () => {},
): Pick<StreamDialect, 'encode' | 'end'> {
  let first = true;
  const countMedia = (chunk: GenerateContentResponse) => {
    const media = mediaOfResponse(chunk);
    if (hasMedia(media)) onMedia(media);
  };
  const frame = (json: string) => {
    const out = sse ? `data: ${json}\r\n\r\n` : `${first ? '[' : ',\r\n'}${json}`;
    first = false;
    return out;
  };
  return {
    // Frames Gemini's own JSON text still describes go out as that text (read with `.json` first:
    // reading `.chunk` would parse a frame that was only skimmed). Images and speech are priced per
    // unit, so they are counted as they go out; a frame of plain text holds neither.
    encode: (batch) => {
      let out = '';
      for (const next of batch) {
        if (!next.plain) countMedia(next.chunk);
        out += frame(next.json ?? JSON.stringify(next.chunk));
      }
      return out;
    },
    end: (summary) => {
      if (summary.outcome !== 'incomplete') return sse ? '' : first ? '[]' : ']';
      onIncomplete(summary);
      return frame(JSON.stringify(incompleteAnswerError(summary.error).toGoogle())) + (sse ? '' : ']');
    },
  };
}

/** generateContent with resuming on: streamed from Gemini, so a cut can be resumed, and returned whole. */
async function generateWhole(
  ctx: GatewayContext,
  res: Response,
  call: NativeCall,
  trace: RequestTrace,
): Promise<void> {
  const started = performance.now();
  const abort = abortOnClientGone(res);
  const opening = performance.now();
  const generation = await startGeneration(
    ctx.dispatcher,
    generationInput(ctx, call, abort.signal),
    call.admission.resume(resumeSettingsOf(ctx.settings())),
  );
  trace.key(generation.keyId);
  const openedMs = performance.now() - opening;
  const { answer: whole, summary, waitedMs } = await collectAnswer(generation);
  if (summary.outcome === 'aborted') return trace.generation(summary);
  if (summary.outcome === 'incomplete') {
    trace.generation(summary);
    throw summary.error ?? new StreamIncomplete();
  }
  res.status(200);
  res.setHeader('content-type', 'application/json; charset=UTF-8');
  res.setHeader('x-gemgate-key-id', generation.keyId);
  res.setHeader('x-gemgate-overhead-ms', (performance.now() - started - openedMs - waitedMs).toFixed(2));
  trace.media(mediaOfResponse(whole));
  const answer = JSON.stringify(whole);
  trace.firstByte();
  trace.generation(summary);
  res.end(answer);
}

function generationInput(ctx: GatewayContext, call: NativeCall, signal: AbortSignal): GenerationInput {
  const request = call.body as GenerateContentRequest;
  return {
    apiVersion: call.apiVersion,
    model: call.model,
    request,
    signal,
    signatureRouting: ctx.routing,
    keyScope: call.admission.keyScope,
  };
}
