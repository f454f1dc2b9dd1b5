import { Router, type Response } from 'express';
import type { GatewayContext } from '../../app/gatewayContext.js';
import type { GenerateContentResponse } from '../../gemini/types.js';
import { GatewayError } from '../gatewayError.js';
import { abortOnClientGone, writeWithBackpressure } from '../responseWriter.js';
import { isGeminiAction, MODEL_ACTION_ROUTE, normalizeModelName, parseApiVersion } from './modelPath.js';
import { readGeminiStream, type StreamEnd } from '../../stream/readGeminiStream.js';

/**
 * Gemini's own dialect, for clients that speak it (the @google/genai SDK, Cherry Studio's and
 * ChatBox's Gemini providers): the same paths as generativelanguage.googleapis.com, the client's
 * gemgate token in place of a Gemini key, and the call made with a key from the pool.
 */
export function nativeGeminiRoutes(ctx: GatewayContext): Router {
  const router = Router();

  router.post(MODEL_ACTION_ROUTE, async (req, res) => {
    const [, version, rawModel, action] = MODEL_ACTION_ROUTE.exec(req.path)!;
    if (!isGeminiAction(action!)) {
      throw new GatewayError(
        404,
        `Method ${action} is not supported by gemgate. Supported: generateContent, streamGenerateContent, countTokens, embedContent, batchEmbedContents.`,
      );
    }
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw new GatewayError(400, 'Invalid JSON payload received. The request body must be a JSON object.');
    }
    const call = {
      apiVersion: parseApiVersion(version),
      model: normalizeModelName(rawModel!),
      action: action!,
      body: req.body,
    };
    if (action === 'streamGenerateContent') {
      await relayStream(ctx, res, call, req.query.alt === 'sse');
    } else {
      await relayWhole(ctx, res, call);
    }
  });

  return router;
}

type NativeCall = { apiVersion: 'v1' | 'v1beta'; model: string; action: string; body: unknown };

/** Non-streamed actions: Gemini's answer goes back byte for byte. */
async function relayWhole(ctx: GatewayContext, res: Response, call: NativeCall): Promise<void> {
  const started = performance.now();
  const abort = abortOnClientGone(res);
  const opened = await ctx.dispatcher.open({ ...call, signal: abort.signal });
  const upstreamStarted = performance.now();
  const body = Buffer.from(await opened.response.body.arrayBuffer());
  const upstreamMs = opened.upstreamMs + (performance.now() - upstreamStarted);
  res.status(200);
  res.setHeader('content-type', 'application/json; charset=UTF-8');
  res.setHeader('x-gemgate-key-id', opened.lease.keyId);
  res.setHeader('x-gemgate-overhead-ms', (performance.now() - started - upstreamMs).toFixed(2));
  res.end(body);
}

/**
 * Streams chunk by chunk: `alt=sse` frames as Gemini writes them, or Gemini's streamed JSON array
 * when the client did not ask for SSE. Headers go out only once Gemini has answered 200.
 */
async function relayStream(
  ctx: GatewayContext,
  res: Response,
  call: NativeCall,
  sse: boolean,
): Promise<void> {
  const abort = abortOnClientGone(res);
  const settings = ctx.settings();
  const opened = await ctx.dispatcher.open({ ...call, signal: abort.signal });
  res.status(200);
  res.setHeader('content-type', sse ? 'text/event-stream' : 'application/json; charset=UTF-8');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-gemgate-key-id', opened.lease.keyId);
  res.flushHeaders();

  const chunks = readGeminiStream(opened.response.body, {
    firstByteTimeoutMs: settings['resume.firstByteTimeoutMs'],
    stallTimeoutMs: settings['resume.stallTimeoutMs'],
    signal: abort.signal,
  });
  let first = true;
  let finished = false;
  let end: StreamEnd;
  for (;;) {
    const next = await chunks.next();
    if (next.done) {
      end = next.value;
      break;
    }
    const chunk: GenerateContentResponse = next.value;
    if (chunk.candidates?.some((candidate) => candidate.finishReason)) finished = true;
    const frame = sse
      ? `data: ${JSON.stringify(chunk)}\r\n\r\n`
      : `${first ? '[' : ',\r\n'}${JSON.stringify(chunk)}`;
    first = false;
    if (!(await writeWithBackpressure(res, frame))) {
      await chunks.return({ kind: 'aborted' });
      return;
    }
  }
  if (end.kind === 'aborted') return;
  if (end.kind !== 'ended' || !finished) {
    const error = new GatewayError(
      502,
      `Gemini's stream was cut off (${describeEnd(end, finished)}); the answer is incomplete.`,
      {
        code: 'stream_cut',
      },
    );
    ctx.logger.warn({ keyId: opened.lease.keyId, model: call.model, end: end.kind }, 'upstream stream cut');
    const body = JSON.stringify(error.toGoogle());
    res.end(sse ? `data: ${body}\r\n\r\n` : `${first ? '[' : ',\r\n'}${body}]`);
    return;
  }
  res.end(sse ? '' : first ? '[]' : ']');
}

function describeEnd(end: StreamEnd, finished: boolean): string {
  if (end.kind === 'ended') return finished ? 'ended' : 'it ended without a finishReason';
  if (end.kind === 'stalled') return `no data for ${Math.round(end.afterMs / 1000)}s`;
  if (end.kind === 'frame-cut') return 'a frame was cut in half';
  if (end.kind === 'upstream-error') return `Gemini reported: ${end.error.error.message}`;
  if (end.kind === 'transport-error') return `connection error: ${end.message}`;
  return end.kind;
}
