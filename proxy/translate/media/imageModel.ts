import { normaliseModelName } from '../../models/modelTraits.js';
import { invalidRequest } from '../openai/openAIError.js';

/**
 * Which of Google's image makers a model id names, and what it accepts:
 *
 * | model                                        | family | called with                       | aspect ratios           | larger sizes (quality) |
 * | -------------------------------------------- | ------ | --------------------------------- | ----------------------- | ---------------------- |
 * | `imagen-4.0-generate-*`, `imagen-4.0-ultra-*` | imagen | `:predict`                        | 1:1 3:4 4:3 9:16 16:9   | `sampleImageSize` 2K   |
 * | other `imagen-*` (4.0 Fast, 3.0)             | imagen | `:predict`                        | 1:1 3:4 4:3 9:16 16:9   | none                   |
 * | `gemini-3*-image*` (Nano Banana Pro)         | gemini | generateContent, TEXT and IMAGE   | 1:1 2:3 3:2 3:4 4:3 4:5 5:4 9:16 16:9 21:9 | `imageConfig.imageSize` 2K, 4K |
 * | other `gemini-*-image*` (Nano Banana)        | gemini | generateContent, TEXT and IMAGE   | the same ten            | none                   |
 *
 * Sources: https://ai.google.dev/gemini-api/docs/imagen (sampleCount 1-4, aspectRatio, imageSize
 * "only supported for the Standard and Ultra models") and
 * https://ai.google.dev/gemini-api/docs/image-generation (aspect ratios, imageSize 1K/2K/4K for
 * Gemini 3 Pro Image). Anything else cannot make images: a 400 naming `model`.
 */
export type ImageFamily = 'imagen' | 'gemini';

export interface ImageModel {
  /** Bare model id, for `models/{id}`. */
  id: string;
  family: ImageFamily;
  aspectRatios: readonly string[];
  /** The sizes above the default the model can be asked for, smallest first ('' when none). */
  largerSizes: readonly string[];
  /** Most images one call makes: Imagen's sampleCount tops out at 4; a Gemini call makes one. */
  imagesPerCall: number;
}

export const IMAGEN_ASPECT_RATIOS = ['1:1', '3:4', '4:3', '9:16', '16:9'] as const;
export const GEMINI_IMAGE_ASPECT_RATIOS = [
  '1:1',
  '2:3',
  '3:2',
  '3:4',
  '4:3',
  '4:5',
  '5:4',
  '9:16',
  '16:9',
  '21:9',
] as const;

export function isGeminiImageModel(model: string): boolean {
  return /^gemini-.*-image(-|$)/.test(normaliseModelName(model).toLowerCase());
}

export function imageModelOf(model: string): ImageModel {
  const id = normaliseModelName(model);
  const name = id.toLowerCase();
  if (name.startsWith('imagen-')) {
    const sized = /^imagen-4\.0-(generate|ultra-generate)-/.test(name);
    return {
      id,
      family: 'imagen',
      aspectRatios: IMAGEN_ASPECT_RATIOS,
      largerSizes: sized ? ['2K'] : [],
      imagesPerCall: 4,
    };
  }
  if (isGeminiImageModel(name)) {
    return {
      id,
      family: 'gemini',
      aspectRatios: GEMINI_IMAGE_ASPECT_RATIOS,
      largerSizes: /^gemini-3/.test(name) ? ['2K', '4K'] : [],
      imagesPerCall: 1,
    };
  }
  throw invalidRequest(
    `The model '${model}' does not make images. Use an Imagen model (e.g. imagen-4.0-generate-001) or a Gemini image model (e.g. gemini-2.5-flash-image).`,
    'model',
    'model_not_supported',
  );
}
