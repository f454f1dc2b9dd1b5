import type { GenerateContentResponse } from '../../gemini/types.js';
import { pcmRateOf } from '../../gemini/mediaOutput.js';
import { invalidRequest } from '../openai/openAIError.js';
import { AnswerWithoutMedia } from '../../failures/failures.js';
import { wavFile } from './wavFile.js';

/**
 * The audio formats `/v1/audio/speech` can answer. Gemini speaks 16-bit mono PCM at 24 kHz, which
 * is OpenAI's `pcm` exactly ("raw samples in 24kHz (16-bit signed, low-endian), without the
 * header"); `wav` is the same samples behind a RIFF header. mp3, opus, aac and flac need an
 * encoder gemgate does not ship: asked for, they are a 400 naming `response_format`.
 *
 * | response_format | answer                             | Content-Type |
 * | --------------- | ---------------------------------- | ------------ |
 * | `wav`, absent   | RIFF/WAVE, PCM 16-bit mono, 24 kHz | audio/wav    |
 * | `pcm`           | the raw samples                    | audio/pcm    |
 * | mp3, opus, aac, flac, anything else | 400            |              |
 *
 * Absent means wav here, not OpenAI's mp3: a playable file beats a refusal.
 */
export type SpeechFormat = 'wav' | 'pcm';

export function speechFormatOf(responseFormat: string | null | undefined): SpeechFormat {
  if (responseFormat === undefined || responseFormat === null || responseFormat === 'wav') return 'wav';
  if (responseFormat === 'pcm') return 'pcm';
  throw invalidRequest(
    `Unsupported value for 'response_format': ${JSON.stringify(responseFormat)}. gemgate answers Gemini's speech as 'wav' or 'pcm' (24 kHz, 16-bit, mono); it has no ${responseFormat} encoder.`,
    'response_format',
    'unsupported_value',
  );
}

export interface SpeechAudio {
  contentType: string;
  body: Buffer;
}

/**
 * The audio parts of Gemini's answer (one, or a piece per streamed chunk), joined, in the format
 * asked for. An answer without audio is a 502: the model answered, but said nothing.
 */
export function toSpeechAudio(answer: GenerateContentResponse, format: SpeechFormat): SpeechAudio {
  const pieces: Buffer[] = [];
  let rate: number | undefined;
  for (const part of answer.candidates?.[0]?.content?.parts ?? []) {
    const partRate = part.inlineData ? pcmRateOf(part.inlineData.mimeType) : undefined;
    if (!partRate || part.thought) continue;
    rate ??= partRate;
    pieces.push(Buffer.from(part.inlineData!.data, 'base64'));
  }
  if (!rate || pieces.length === 0) {
    const reason = answer.candidates?.[0]?.finishReason ?? answer.promptFeedback?.blockReason;
    throw new AnswerWithoutMedia('audio', `Gemini answered without audio${reason ? ` (${reason})` : ''}.`);
  }
  const pcm = Buffer.concat(pieces);
  return format === 'pcm'
    ? { contentType: 'audio/pcm', body: pcm }
    : { contentType: 'audio/wav', body: wavFile(pcm, rate) };
}
