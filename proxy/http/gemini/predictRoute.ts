import type { Request, Response } from 'express';
import type { GatewayContext, ClientLocals } from '../gatewayContext.js';
import { GatewayError } from '../gatewayError.js';
import { abortOnClientGone } from '../responseWriter.js';
import { RequestTrace } from '../requestTrace.js';
import { callWhole, wholeSummary, type WholeAnswer } from '../wholeAnswer.js';
import { parseModelAction } from './modelPath.js';
import { resumeSettingsOf } from '../../resume/resumeSettings.js';
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
  const { apiVersion, model, action } = parseModelAction(req.path)!;
  const { client } = res.locals as ClientLocals;
  const trace = RequestTrace.ofClient(ctx.usage, res, {
    dialect: 'gemini',
    endpoint: action,
    model,
  });
  const { admission } = trace.admitting(() => {
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      throw new GatewayError(400, 'Invalid JSON payload received. The request body must be a JSON object.');
    }
    const admission = ctx.policies.admit(client, model);
    return { admission };
  });
  await trace.serving(async () => {
    const started = performance.now();
    const abort = abortOnClientGone(res);
    const longRunning = action === 'predictLongRunning';
    const resume = admission.resume(resumeSettingsOf(ctx.settings()));
    const answer = await callWhole(
      ctx.dispatcher,
      { apiVersion, model, action, body: req.body, signal: abort.signal, keyScope: admission.keyScope },
      longRunning || !resume.enabled ? 1 : resume.maxAttempts,
    );
    trace.key(answer.keyId);
    if (longRunning) rememberOperation(ctx, answer, client.id);
    else trace.media({ images: imagesMade(answer, req.body), audioSeconds: 0 });
    res.status(200);
    res.setHeader('content-type', 'application/json; charset=UTF-8');
    res.setHeader('x-gemgate-key-id', answer.keyId);
    res.setHeader('x-gemgate-overhead-ms', (performance.now() - started - answer.upstreamMs).toFixed(2));
    // Logged before the answer ends, so that a client that got it all finds it in the log.
    if (answer.attempts.length > 1) trace.generation(wholeSummary(answer.attempts));
    else trace.ok(undefined, longRunning);
    res.end(answer.body);
  });
}

function imagesMade(answer: WholeAnswer, body: unknown): number {
  const delivered = fromImagenPredict(answer.json as ImagenPredictResponse).images.length;
  const asked = Number((body as { parameters?: { sampleCount?: unknown } }).parameters?.sampleCount);
  const perCut = Number.isInteger(asked) && asked > 0 ? asked : IMAGEN_DEFAULT_SAMPLES;
  return delivered + (answer.attempts.length - 1) * perCut;
}

function rememberOperation(ctx: GatewayContext, answer: WholeAnswer, clientId: string): void {
  const name = (answer.json as { name?: unknown }).name;
  if (typeof name !== 'string' || name === '') return;
  ctx.operations.remember(name, {
    projectId: answer.projectId,
    keyId: answer.keyId,
    clientId,
    startedAt: Date.now(),
  });
}
