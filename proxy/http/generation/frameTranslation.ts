import type { GenerateContentResponse } from '../../gemini/types.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import type { PlainText } from '../../upstream/skimFrame.js';
import { hasMedia, mediaOfResponse, type MediaOutput } from '../../gemini/mediaOutput.js';

/**
 * A translator of Gemini's stream into a dialect's events (`T`: chunk objects, or their JSON text).
 * `pushPlain`, when a translator has it, takes a frame of plain text that was skimmed rather than
 * parsed (see skimFrame) without parsing it; without it, the frame is parsed for `push`.
 */
export interface FrameTranslator<T> {
  push(chunk: GenerateContentResponse): T[];
  pushPlain?(plain: PlainText): T[];
}

/**
 * The one adapter between Gemini's frames and the dialects' translators: each frame of a batch to
 * the translator, its skim where the translator can take one, and the images or speech that go out
 * counted (`onMedia`: they are priced per unit; a frame of plain text holds none).
 */
export function translateFrames<T>(
  batch: readonly StreamFrame[],
  translator: FrameTranslator<T>,
  write: (out: T[]) => void,
  onMedia?: (media: MediaOutput) => void,
): void {
  for (const frame of batch) {
    const plain = frame.plain;
    if (plain && translator.pushPlain) {
      write(translator.pushPlain(plain));
      continue;
    }
    if (onMedia) countMedia(frame, onMedia);
    write(translator.push(frame.chunk));
  }
}

/** Tells `onMedia` of the images or speech a frame carries; a skimmed frame of plain text holds none (and is not parsed). */
export function countMedia(frame: StreamFrame, onMedia: (media: MediaOutput) => void): void {
  if (frame.plain) return;
  const media = mediaOfResponse(frame.chunk);
  if (hasMedia(media)) onMedia(media);
}
