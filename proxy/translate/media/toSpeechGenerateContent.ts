import type { GenerateContentRequest } from '../../gemini/types.js';
import type { SpeechRequest } from './parseSpeechRequest.js';

/**
 * A speech request -> `generateContent` for a Gemini TTS model
 * (https://ai.google.dev/gemini-api/docs/speech-generation , single speaker):
 *
 * | SpeechRequest  | GenerateContentRequest                                                  |
 * | -------------- | ----------------------------------------------------------------------- |
 * | input          | contents[0].parts[0].text                                               |
 * | instructions   | before the input, `instructions:\ninput` (Gemini takes style in words)  |
 * | voiceName      | generationConfig.speechConfig.voiceConfig.prebuiltVoiceConfig.voiceName |
 * | (always)       | generationConfig.responseModalities ["AUDIO"]                           |
 */
export function toSpeechGenerateContent(request: SpeechRequest): GenerateContentRequest {
  const text = request.instructions ? `${request.instructions}:\n${request.input}` : request.input;
  return {
    contents: [{ role: 'user', parts: [{ text }] }],
    generationConfig: {
      responseModalities: ['AUDIO'],
      speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: request.voiceName } } },
    },
  };
}
