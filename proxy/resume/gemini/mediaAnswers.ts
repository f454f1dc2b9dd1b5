import type { GenerateContentRequest } from '../../gemini/types.js';

/**
 * Whether a generation answers with images or audio: `responseModalities` names IMAGE or AUDIO, or
 * the model is one of Gemini's image or speech models, which answer so unasked
 * (https://ai.google.dev/gemini-api/docs/image-generation , /docs/speech-generation).
 *
 * Such an answer is never continued. An image or a run of speech cut in half cannot be finished by
 * asking for the rest (a model asked to continue a picture draws a new one), and a text seam has no
 * meaning for it. So the resume engine holds each attempt back until it is complete, and replays a
 * cut one whole: the client sees one complete attempt, never a part and then the whole again.
 */
export function answersWithMedia(model: string, request: GenerateContentRequest): boolean {
  const modalities = request.generationConfig?.responseModalities ?? [];
  if (modalities.some((modality) => /^(image|audio)$/i.test(String(modality)))) return true;
  return /-(image|tts)(-|$)/i.test(model.replace(/^(models|google)\//, ''));
}
