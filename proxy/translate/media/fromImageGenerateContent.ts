import type { Blob, GenerateContentResponse } from '../../gemini/types.js';
import type { ImagesOfAnswer } from './fromImagenPredict.js';

/**
 * A Gemini image model's answer -> its images, in order (inlineData parts of an image/* type; the
 * interim drafts Gemini 3 Pro Image marks `thought: true` are not results). An answer without an
 * image says why in its finishReason (IMAGE_SAFETY, NO_IMAGE, …), a blocked prompt in
 * promptFeedback, or in the text the model wrote instead; that becomes the refusal.
 */
export function fromImageGenerateContent(response: GenerateContentResponse): ImagesOfAnswer {
  const images: Blob[] = [];
  const texts: string[] = [];
  const candidate = response.candidates?.[0];
  for (const part of candidate?.content?.parts ?? []) {
    if (part.thought) continue;
    if (part.inlineData?.mimeType?.startsWith('image/')) images.push(part.inlineData);
    else if (typeof part.text === 'string' && part.text.trim() !== '') texts.push(part.text.trim());
  }
  if (images.length > 0) return { images, refusals: [] };
  const refusals: string[] = [];
  const blockReason = response.promptFeedback?.blockReason;
  if (blockReason) refusals.push(`prompt blocked (${blockReason})`);
  const reason = candidate?.finishReason;
  if (reason && reason !== 'STOP') refusals.push(`finishReason ${reason}`);
  if (texts.length > 0) refusals.push(`the model answered: "${texts.join(' ').slice(0, 300)}"`);
  return { images, refusals };
}
