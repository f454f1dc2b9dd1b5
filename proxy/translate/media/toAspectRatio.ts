import { invalidRequest } from '../openai/openAIError.js';

/**
 * OpenAI's `size` -> Gemini's `aspectRatio`. Google's image models take a ratio, not pixels, so
 * `WIDTHxHEIGHT` becomes the ratio among the model's own (imageModel.ts) that is closest to it
 * (by how far apart the two are on a log scale, so 2:1 and 1:2 are equally far from 1:1):
 *
 * | size                               | Gemini image models | Imagen  |
 * | ---------------------------------- | ------------------- | ------- |
 * | absent, `auto`                     | (model default)     | (same)  |
 * | `1024x1024`, `512x512`, `256x256`  | 1:1                 | 1:1     |
 * | `1536x1024`                        | 3:2                 | 4:3     |
 * | `1024x1536`                        | 2:3                 | 3:4     |
 * | `1792x1024`                        | 16:9                | 16:9    |
 * | `1024x1792`                        | 9:16                | 9:16    |
 * | a ratio the model has, e.g. `16:9` | itself              | itself  |
 *
 * Anything else is a 400 naming `size`.
 */
export function toAspectRatio(
  size: string | null | undefined,
  supported: readonly string[],
): string | undefined {
  if (size === undefined || size === null || size === 'auto') return undefined;
  if (supported.includes(size)) return size;
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size.trim());
  const width = Number(match?.[1] ?? 0);
  const height = Number(match?.[2] ?? 0);
  if (!match || width === 0 || height === 0) {
    throw invalidRequest(
      `Invalid value for 'size': ${JSON.stringify(size)}. Use WIDTHxHEIGHT (e.g. 1024x1024), 'auto', or an aspect ratio: ${supported.join(', ')}.`,
      'size',
      'invalid_value',
    );
  }
  const wanted = Math.log(width / height);
  let best = supported[0]!;
  let bestDistance = Infinity;
  for (const ratio of supported) {
    const [w, h] = ratio.split(':').map(Number) as [number, number];
    const distance = Math.abs(Math.log(w / h) - wanted);
    if (distance < bestDistance - 1e-9) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}
