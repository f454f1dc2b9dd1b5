import type { Content } from '../../proxy/gemini/types.js';
import { Seed } from './seed.js';

/**
 * Deterministic embeddings: a unit vector drawn from a hash of the text, so equal texts embed equally
 * and different texts differ. With outputDimensionality the vector is truncated (as Gemini documents,
 * https://ai.google.dev/api/embeddings#method:-models.embedcontent) and then normalised again, so every
 * vector the emulator returns has length 1.
 */

export function embedText(text: string, dimensions: number): number[] {
  const seed = new Seed(`embedding:${text}`);
  const values = Array.from({ length: dimensions }, () => seed.signedUnit());
  const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0)) || 1;
  return values.map((v) => v / norm);
}

/** Only the text parts of the content are embedded (the API reference says the same). */
export function textOfContent(content: Content | undefined): string {
  return (content?.parts ?? [])
    .filter((p) => typeof p.text === 'string')
    .map((p) => p.text)
    .join('\n');
}
