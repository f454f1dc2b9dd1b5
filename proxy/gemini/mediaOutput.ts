import type { GenerateContentResponse, Part } from './types.js';

/**
 * The images and audio an answer holds, which Gemini prices per image and per second of audio
 * rather than by text tokens (https://ai.google.dev/gemini-api/docs/pricing). Counted from the
 * answer's own parts: `inlineData` with an image/* type is one image, `audio/L16` PCM is as many
 * seconds as its bytes make at its rate (https://ai.google.dev/gemini-api/docs/speech-generation :
 * 16-bit mono, `rate=24000`). Thought parts (Gemini 3 Pro Image's interim drafts) are not output.
 */
export interface MediaOutput {
  images: number;
  audioSeconds: number;
}

export const NO_MEDIA: MediaOutput = { images: 0, audioSeconds: 0 };

/** `audio/L16;codec=pcm;rate=24000` -> 24000; undefined for anything that is not linear PCM. */
export function pcmRateOf(mimeType: string): number | undefined {
  const [type, ...params] = mimeType.split(';').map((piece) => piece.trim().toLowerCase());
  if (type !== 'audio/l16' && type !== 'audio/pcm') return undefined;
  const rate = params.find((param) => param.startsWith('rate='))?.slice('rate='.length);
  const parsed = Number(rate ?? 24_000);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : undefined;
}

/** Bytes that `base64` decodes to, without decoding it. */
function decodedLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((base64.length * 3) / 4) - padding);
}

export function mediaOfParts(parts: readonly Part[]): MediaOutput {
  let images = 0;
  let audioSeconds = 0;
  for (const part of parts) {
    if (!part.inlineData || part.thought) continue;
    const mimeType = part.inlineData.mimeType ?? '';
    if (mimeType.startsWith('image/')) images++;
    const rate = pcmRateOf(mimeType);
    if (rate) audioSeconds += decodedLength(part.inlineData.data ?? '') / 2 / rate;
  }
  return { images, audioSeconds };
}

export function mediaOfResponse(response: GenerateContentResponse): MediaOutput {
  return (response.candidates ?? []).reduce(
    (sum, candidate) => addMedia(sum, mediaOfParts(candidate.content?.parts ?? [])),
    NO_MEDIA,
  );
}

export function addMedia(a: MediaOutput, b: MediaOutput): MediaOutput {
  return { images: a.images + b.images, audioSeconds: a.audioSeconds + b.audioSeconds };
}

export function hasMedia(media: MediaOutput | undefined): media is MediaOutput {
  return media !== undefined && (media.images > 0 || media.audioSeconds > 0);
}
