import type { ChatRequest } from './chatRequestSchema.js';
import { invalidRequest } from './openAIError.js';

/**
 * `modalities` -> `generationConfig.responseModalities`
 * (https://ai.google.dev/gemini-api/docs/image-generation: a Gemini image model answers text and
 * images when asked for `["TEXT", "IMAGE"]`, which is also its default):
 *
 * | modalities            | responseModalities  |
 * | --------------------- | ------------------- |
 * | absent, `[]`          | (none: the model's default) |
 * | `["text"]`            | `["TEXT"]`          |
 * | `["text", "image"]`   | `["TEXT", "IMAGE"]` |
 * | `["image"]`           | `["IMAGE"]`         |
 * | anything with `audio` | 400 naming `modalities`: speech is `/v1/audio/speech` |
 *
 * The images of the answer come back as `message.images` (fromGeminiResponse.ts) and `delta.images`
 * (chatStreamTranslator.ts), the convention of OpenRouter and LiteLLM.
 */
export function toResponseModalities(request: Pick<ChatRequest, 'modalities'>): string[] | undefined {
  const asked = request.modalities ?? [];
  if (asked.includes('audio')) {
    throw invalidRequest(
      "Invalid value for 'modalities': 'audio' is not supported in chat completions; ask /v1/audio/speech with a Gemini TTS model for speech.",
      'modalities',
      'unsupported_value',
    );
  }
  if (asked.length === 0) return undefined;
  return [...new Set(asked)].map((modality) => modality.toUpperCase());
}
