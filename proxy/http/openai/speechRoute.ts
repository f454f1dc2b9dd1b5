import type { Request, Response } from 'express';
import type { GatewayContext, ClientLocals } from '../gatewayContext.js';
import { parseSpeechRequest, toSpeechAudio, toSpeechGenerateContent } from '../../translate/media/index.js';
import { startGeneration } from '../../resume/resumableGeneration.js';
import { resumeSettingsOf } from '../../resume/resumeSettings.js';
import { collectGeneration } from '../../resume/collectGeneration.js';
import { aggregateChunks } from '../../resume/aggregate.js';
import { mediaOfResponse } from '../../gemini/mediaOutput.js';
import { StreamIncomplete } from '../../failures/failures.js';
import { abortOnClientGone } from '../responseWriter.js';
import { RequestTrace } from '../requestTrace.js';
import { assertServedByGemini } from './geminiOnly.js';

/**
 * `POST /v1/audio/speech`: OpenAI's text to speech on Gemini's TTS models (translate/media). The
 * speech is made through the resume engine, streamed from Gemini, so an answer cut on the way is
 * replayed whole; the client gets one body, WAV or raw PCM, once all of it is in.
 */
export async function audioSpeech(ctx: GatewayContext, req: Request, res: Response): Promise<void> {
  const { client } = res.locals as ClientLocals;
  const trace = RequestTrace.ofClient(ctx.usage, res, {
    dialect: 'openai',
    endpoint: 'audio.speech',
  });
  const { speech, admission } = trace.admitting(() => {
    const speech = parseSpeechRequest(req.body);
    trace.model = speech.model;
    assertServedByGemini(ctx, speech.model, 'POST /v1/audio/speech');
    const admission = ctx.policies.admit(client, speech.model);
    return { speech, admission };
  });
  await trace.serving(async () => {
    const started = performance.now();
    const abort = abortOnClientGone(res);
    const opening = performance.now();
    const generation = await startGeneration(
      ctx.dispatcher,
      {
        apiVersion: 'v1beta',
        model: speech.model,
        request: toSpeechGenerateContent(speech),
        signal: abort.signal,
        signatureRouting: ctx.routing,
        keyScope: admission.keyScope,
      },
      admission.resume(resumeSettingsOf(ctx.settings())),
    );
    trace.key(generation.keyId);
    const openedMs = performance.now() - opening;
    const { chunks, summary, waitedMs } = await collectGeneration(generation);
    if (summary.outcome === 'aborted') return trace.generation(summary);
    if (summary.outcome === 'incomplete') {
      trace.generation(summary);
      throw summary.error ?? new StreamIncomplete();
    }
    const answer = aggregateChunks(chunks);
    trace.media(mediaOfResponse(answer));
    let audio: ReturnType<typeof toSpeechAudio>;
    try {
      audio = toSpeechAudio(answer, speech.format);
    } catch (error) {
      // Answered without audio: Google billed the call all the same.
      trace.failed(error, summary);
      throw error;
    }
    res.status(200);
    res.setHeader('content-type', audio.contentType);
    res.setHeader('x-gemgate-key-id', generation.keyId);
    res.setHeader('x-gemgate-overhead-ms', (performance.now() - started - openedMs - waitedMs).toFixed(2));
    trace.firstByte();
    // Logged before the answer goes out, so that a client that got it finds it in the log.
    trace.generation(summary);
    res.end(audio.body);
  });
}
