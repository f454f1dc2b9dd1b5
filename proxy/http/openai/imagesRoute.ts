import type { Request, Response } from 'express';
import type { GatewayContext, ClientLocals } from '../gatewayContext.js';
import {
  fromImageGenerateContent,
  fromImagenPredict,
  parseImageEditForm,
  parseImageRequest,
  toImageGenerateContent,
  toImagenPredict,
  toImagesResponse,
  type ImagenPredictResponse,
  type ImageRequest,
  type ImagesOfAnswer,
} from '../../translate/media/index.js';
import type { GenerationSummary } from '../../resume/generation.js';
import { startGeminiFor } from '../generation/startGeminiFor.js';
import { collectAnswer } from '../../resume/gemini/collectAnswer.js';
import { callGeminiWhole } from '../../resume/gemini/geminiWholeCall.js';
import { addUsage } from '../../resume/usage.js';
import { StreamIncomplete } from '../../failures/failures.js';
import type { Admission } from '../../policy/policyGate.js';
import { abortOnClientGone } from '../responseWriter.js';
import { RequestTrace } from '../requestTrace.js';
import { sendWhole } from '../generation/sendWhole.js';
import { requestBodyLimit } from '../requestSteps.js';
import { readMultipartForm } from './multipartForm.js';
import { assertServedByGemini } from '../servedByGemini.js';

/**
 * `POST /v1/images/generations` and `POST /v1/images/edits`: OpenAI's image API on Google's image
 * models (translate/media). Imagen is called with `:predict`, up to four images a call; a Gemini
 * image model with one generation per image, through the resume engine, so an answer cut on the way
 * is replayed whole (and billed). Nothing goes to the client until every image is in.
 */
export async function imageGenerations(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  await serveImages(ctx, res, 'images.generations', () => parseImageRequest(req.body));
}

/** Edits arrive as multipart/form-data, which this route reads itself (hotPath.ts: `ownBody`). */
export async function imageEdits(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const form = await readMultipartForm(req, requestBodyLimit(ctx));
  await serveImages(ctx, res, 'images.edits', () => parseImageEditForm(form));
}

async function serveImages(
  ctx: GatewayContext,
  res: Response,
  endpoint: string,
  parse: () => ImageRequest,
): Promise<void> {
  const { client } = res.locals as ClientLocals;
  // Usage log (one entry per request, however it ends) and the token's policy, before any upstream call.
  const trace = RequestTrace.ofClient(ctx.usage, res, {
    dialect: 'openai',
    endpoint,
  });
  const { request, admission } = trace.admitting(() => {
    const request = parse();
    trace.model = request.model.id;
    assertServedByGemini(ctx, request.model.id, 'the images endpoints');
    const admission = ctx.policies.admit(client, request.model.id);
    return { request, admission };
  });
  await trace.serving(async () => {
    const abort = abortOnClientGone(res);
    const made =
      request.model.family === 'imagen'
        ? await imagenImages({ ctx, request, admission, signal: abort.signal, trace })
        : await geminiImages({ ctx, request, admission, signal: abort.signal, trace });
    // Until here gemgate waited on Gemini; turning the images into the answer is its own time.
    const translating = performance.now();
    if (abort.signal.aborted) return trace.generation({ ...made.summary, outcome: 'aborted' });
    trace.key(made.keyId);
    trace.media({ images: made.billedImages, audioSeconds: 0 });
    let body: ReturnType<typeof toImagesResponse>;
    try {
      body = toImagesResponse(made.answers, request.responseFormat, Math.floor(Date.now() / 1000));
    } catch (error) {
      // Answered without an image (refused, filtered): Google billed the calls all the same.
      trace.failed(error, made.summary);
      throw error;
    }
    sendWhole(res, trace, {
      contentType: 'application/json; charset=utf-8',
      body: JSON.stringify(body),
      keyId: made.keyId,
      // Until here gemgate waited on Gemini; turning the images into the answer is its own time.
      started: translating,
      upstreamMs: 0,
      log: () => trace.generation(made.summary),
    });
  });
}

interface MadeImages {
  answers: ImagesOfAnswer[];
  keyId: string;
  /** Every call's attempts, in one summary for the request log. */
  summary: GenerationSummary;
  /**
   * Images made, priced per image where the usage does not already count them (cost.ts): Imagen's
   * (which reports no tokens), cut answers included, since Google made and billed them.
   */
  billedImages: number;
}

/** Imagen: one `:predict` per four images, side by side; a cut answer is asked for again whole. */
/** One images request, admitted, as the two image families make it. */
interface ImageJob {
  ctx: GatewayContext;
  request: ImageRequest;
  admission: Admission;
  signal: AbortSignal;
  trace: RequestTrace;
}

async function imagenImages({ ctx, request, admission, signal, trace }: ImageJob): Promise<MadeImages> {
  const resume = admission.resume(ctx.resumeSettings());
  const calls = toImagenPredict(request);
  const answers = await settleAll(
    trace,
    calls.map((body) =>
      callGeminiWhole(
        ctx.dispatcher,
        {
          apiVersion: 'v1beta',
          model: request.model.id,
          action: 'predict',
          body,
          signal,
          keyScope: admission.keyScope,
        },
        resume.enabled ? resume.maxAttempts : 1,
      ),
    ),
    (answer) => ({ attempts: answer.attempts }),
  );
  const images = answers.map((answer) => fromImagenPredict(answer.answer as ImagenPredictResponse));
  const cutImages = answers.reduce(
    (sum, answer, i) => sum + (answer.attempts.length - 1) * calls[i]!.parameters.sampleCount,
    0,
  );
  return {
    answers: images,
    keyId: answers[0]!.keyId,
    summary: { outcome: 'complete', attempts: answers.flatMap((answer) => answer.attempts) },
    billedImages: images.reduce((sum, answer) => sum + answer.images.length, 0) + cutImages,
  };
}

/** A Gemini image model: one generation per image, side by side, each replayed whole if cut. */
async function geminiImages({ ctx, request, admission, signal, trace }: ImageJob): Promise<MadeImages> {
  const body = toImageGenerateContent(request);
  const made = await settleAll(
    trace,
    Array.from({ length: request.n }, async () => {
      const generation = await startGeminiFor(ctx, admission, {
        model: request.model.id,
        request: body,
        signal,
      });
      const { answer, summary } = await collectAnswer(generation);
      if (summary.outcome === 'incomplete') throw summary.error ?? new StreamIncomplete();
      return { keyId: generation.keyId, summary, answer: fromImageGenerateContent(answer) };
    }),
    (one) => one.summary,
  );
  return {
    answers: made.map((one) => one.answer),
    keyId: made[0]!.keyId,
    summary: {
      outcome: made.every((one) => one.summary.outcome !== 'aborted') ? 'complete' : 'aborted',
      attempts: made.flatMap((one) => one.summary.attempts),
      usage: made.reduce<GenerationSummary['usage']>(
        (sum, one) => addUsage(sum, one.summary.usage),
        undefined,
      ),
    },
    billedImages: made.reduce((sum, one) => sum + one.answer.images.length, 0),
  };
}

/**
 * Waits for calls made side by side. When one fails, the request fails with its error, and what the
 * others were billed is still logged (`spent` reads each call's attempts and usage).
 */
async function settleAll<T>(
  trace: RequestTrace,
  calls: Array<Promise<T>>,
  spent: (result: T) => Pick<GenerationSummary, 'attempts' | 'usage'>,
): Promise<T[]> {
  const settled = await Promise.allSettled(calls);
  const failure = settled.find((result) => result.status === 'rejected');
  if (!failure) return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
  const done = settled.flatMap((result) => (result.status === 'fulfilled' ? [spent(result.value)] : []));
  trace.failed(failure.reason, {
    attempts: done.flatMap((one) => one.attempts),
    usage: done.reduce<GenerationSummary['usage']>((sum, one) => addUsage(sum, one.usage), undefined),
  });
  throw failure.reason;
}
