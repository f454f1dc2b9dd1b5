import { z } from 'zod';
import { normaliseModelName } from '../../models/modelTraits.js';
import { invalidRequest } from '../openai/openAIError.js';
import { mostSpecificIssue, zodIssueToError } from '../openai/zodIssueToError.js';
import { toGeminiVoice } from './geminiVoice.js';
import { speechFormatOf, type SpeechFormat } from './speechAudio.js';

/**
 * `POST /v1/audio/speech` (https://platform.openai.com/docs/api-reference/audio/createSpeech) for
 * Gemini's TTS models:
 *
 * | OpenAI                 | gemgate                                                                |
 * | ---------------------- | ---------------------------------------------------------------------- |
 * | `model`                | a Gemini TTS model (`gemini-2.5-flash-preview-tts`, …), else 400       |
 * | `input`                | the text, 1 to 4096 characters (OpenAI's limit)                        |
 * | `voice`                | a prebuilt Gemini voice (geminiVoice.ts)                               |
 * | `instructions`         | said before the text, as Gemini's TTS takes style ("Say cheerfully:")  |
 * | `response_format`      | `wav` (also when absent) or `pcm`; others 400 (speechAudio.ts)         |
 * | `speed`                | checked (0.25-4), not applied: Gemini's TTS has no speed setting       |
 * | `stream_format: sse`   | 400: the audio comes as one body                                       |
 */
export interface SpeechRequest {
  model: string;
  input: string;
  voiceName: string;
  instructions?: string;
  format: SpeechFormat;
}

export const MAX_SPEECH_INPUT_CHARS = 4096;

const speechSchema = z.object({
  model: z.string().min(1),
  input: z.string().min(1).max(MAX_SPEECH_INPUT_CHARS),
  voice: z.union([z.string().min(1), z.object({ id: z.string() })]),
  instructions: z.string().max(MAX_SPEECH_INPUT_CHARS).nullish(),
  response_format: z.string().nullish(),
  speed: z.number().min(0.25).max(4).nullish(),
  stream_format: z.enum(['audio', 'sse']).nullish(),
});

export function isTtsModel(model: string): boolean {
  return /-tts(-|$)/.test(normaliseModelName(model).toLowerCase());
}

export function parseSpeechRequest(body: unknown): SpeechRequest {
  const result = speechSchema.safeParse(body);
  if (!result.success) throw zodIssueToError(body, mostSpecificIssue(result.error.issues[0]));
  const fields = result.data;
  const model = normaliseModelName(fields.model);
  if (!isTtsModel(model)) {
    throw invalidRequest(
      `The model '${fields.model}' does not speak. Use a Gemini TTS model, e.g. gemini-2.5-flash-preview-tts.`,
      'model',
      'model_not_supported',
    );
  }
  if (fields.stream_format === 'sse') {
    throw invalidRequest(
      "Invalid value for 'stream_format': 'sse' is not supported; the audio comes back as one body.",
      'stream_format',
      'unsupported_value',
    );
  }
  const request: SpeechRequest = {
    model,
    input: fields.input,
    voiceName: toGeminiVoice(fields.voice),
    format: speechFormatOf(fields.response_format),
  };
  if (fields.instructions?.trim()) request.instructions = fields.instructions.trim();
  return request;
}
