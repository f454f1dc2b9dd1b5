import type { Request, Response } from 'express';
import type { GatewayContext, ClientLocals } from '../gatewayContext.js';
import { parseSpeechRequest, toSpeechAudio, toSpeechGenerateContent } from '../../translate/media/index.js';
import { startGeminiFor } from '../generation/startGeminiFor.js';
import { RequestTrace } from '../requestTrace.js';
import { serveGeneration } from '../generation/serveGeneration.js';
import { foldedAnswer } from '../generation/foldedAnswer.js';
import { assertServedByGemini } from '../servedByGemini.js';

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
  await serveGeneration(ctx, res, trace, {
    stream: false,
    open: async (signal) => ({
      generation: await startGeminiFor(ctx, admission, {
        model: speech.model,
        request: toSpeechGenerateContent(speech),
        signal,
      }),
      dialect: {
        // Throws when Gemini answered without audio: Google billed the call all the same.
        whole: () =>
          foldedAnswer(
            (answer) => toSpeechAudio(answer, speech.format),
            (media) => trace.media(media),
          ),
      },
    }),
  });
}
