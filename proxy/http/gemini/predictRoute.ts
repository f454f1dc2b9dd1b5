import type { Request, Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import { abortOnClientGone } from '../responseWriter.js';
import { modelActionRequest } from './modelActionTrace.js';
import { assertJsonObject } from './geminiBody.js';
import { callGeminiWhole } from '../../resume/gemini/geminiWholeCall.js';
import type { WholeCallAnswer } from '../../resume/wholeCall.js';
import { sendWhole } from '../generation/sendWhole.js';
import { fromImagenPredict, type ImagenPredictResponse } from '../../translate/media/index.js';

/** Imagen makes four images when `sampleCount` is not given (https://ai.google.dev/gemini-api/docs/imagen). */
const IMAGEN_DEFAULT_SAMPLES = 4;

/**
 * `POST /v1beta/models/{imagen}:predict` and `POST /v1beta/models/{veo}:predictLongRunning`, in
 * Gemini's own dialect: the body goes through as the client sent it, by a key from the pool (quotas
 * and failover as for generateContent), and the answer comes back byte for byte.
 *
 * - predict: an answer cut off on the way is asked for again whole (callWhole), as many times as
 *   resume.maxAttempts allows; its images are counted for the cost, those of cut attempts at the
 *   number asked for (Google made and billed them; the count in the answer never arrived).
 * - predictLongRunning: never sent twice (a second call would start a second, billed video); the
 *   operation's project is remembered, so that polling it reaches a key that can see it
 *   (operationRoutes.ts). Veo's price is not in gemgate's table: its cost is logged as unknown.
 */
export async function nativePredict(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { apiVersion, model, action, client, trace } = modelActionRequest(ctx, req, res);
  const { admission } = trace.admitting(() => {
    assertJsonObject(req.body);
    const admission = ctx.policies.admit(client, model);
    return { admission };
  });
  await trace.serving(async () => {
    const started = performance.now();
    const abort = abortOnClientGone(res);
    const longRunning = action === 'predictLongRunning';
    const resume = admission.resume(ctx.resumeSettings());
    const answer = await callGeminiWhole(
      ctx.dispatcher,
      { apiVersion, model, action, body: req.body, signal: abort.signal, keyScope: admission.keyScope },
      longRunning || !resume.enabled ? 1 : resume.maxAttempts,
    );
    trace.key(answer.keyId);
    if (longRunning) rememberOperation(ctx, answer, client.id);
    else trace.media({ images: imagesMade(answer, req.body), audioSeconds: 0 });
    sendWhole(res, trace, {
      contentType: 'application/json; charset=UTF-8',
      body: answer.body,
      keyId: answer.keyId,
      started,
      upstreamMs: answer.upstreamMs,
      log: () =>
        answer.attempts.length > 1
          ? trace.generation({ outcome: 'complete', attempts: answer.attempts })
          : trace.ok(undefined, longRunning),
    });
  });
}

function imagesMade(answer: WholeCallAnswer<unknown>, body: unknown): number {
  const delivered = fromImagenPredict(answer.answer as ImagenPredictResponse).images.length;
  const asked = Number((body as { parameters?: { sampleCount?: unknown } }).parameters?.sampleCount);
  const perCut = Number.isInteger(asked) && asked > 0 ? asked : IMAGEN_DEFAULT_SAMPLES;
  return delivered + (answer.attempts.length - 1) * perCut;
}

function rememberOperation(ctx: GatewayContext, answer: WholeCallAnswer<unknown>, clientId: string): void {
  const name = (answer.answer as { name?: unknown }).name;
  if (typeof name !== 'string' || name === '') return;
  ctx.operations.remember(name, {
    projectId: answer.projectId,
    keyId: answer.keyId,
    clientId,
    startedAt: Date.now(),
  });
}
