import type { ImageModel } from './imageModel.js';

/**
 * OpenAI's `quality` -> the image size Google's model is asked for (Imagen's `sampleImageSize`,
 * Gemini 3 Pro Image's `imageConfig.imageSize`), for models that have larger sizes at all:
 *
 * | quality                                      | Imagen 4 Standard/Ultra | Gemini 3 Pro Image |
 * | -------------------------------------------- | ----------------------- | ------------------ |
 * | absent, `auto`, `standard`, `low`, `medium`  | (default, 1K)           | (default, 1K)      |
 * | `high`, `hd`                                 | 2K                      | 2K                 |
 * | `xhigh`, `max`                               | 2K                      | 4K                 |
 *
 * Models without larger sizes (Imagen 4 Fast, 2.5 Flash Image) ignore quality: they have one size.
 */
export function toImageSize(quality: string | null | undefined, model: ImageModel): string | undefined {
  const [larger, largest] = [model.largerSizes[0], model.largerSizes.at(-1)];
  switch (quality) {
    case 'high':
    case 'hd':
      return larger;
    case 'xhigh':
    case 'max':
      return largest;
    default:
      return undefined;
  }
}
