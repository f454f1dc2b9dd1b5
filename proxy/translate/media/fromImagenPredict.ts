import type { Blob } from '../../gemini/types.js';

/** One entry of Imagen's `predictions` (generatedImageFromMldev / imageFromMldev in js-genai). */
export interface ImagenPrediction {
  bytesBase64Encoded?: string;
  mimeType?: string;
  /** Set, with no bytes, when Imagen's safety filter removed the image (`includeRaiReason`). */
  raiFilteredReason?: string;
  [extra: string]: unknown;
}

export interface ImagenPredictResponse {
  predictions?: ImagenPrediction[];
  [extra: string]: unknown;
}

export interface ImagesOfAnswer {
  images: Blob[];
  /** Why images were left out (safety filters), in Google's words, for an error when none came. */
  refusals: string[];
}

/**
 * Imagen's answer -> its images as inline blobs, in order. A prediction without bytes was filtered;
 * Imagen may also answer no `predictions` at all when it filtered every image.
 */
export function fromImagenPredict(response: ImagenPredictResponse): ImagesOfAnswer {
  const images: Blob[] = [];
  const refusals: string[] = [];
  for (const prediction of response.predictions ?? []) {
    if (typeof prediction.bytesBase64Encoded === 'string' && prediction.bytesBase64Encoded !== '') {
      images.push({ mimeType: prediction.mimeType ?? 'image/png', data: prediction.bytesBase64Encoded });
    } else if (typeof prediction.raiFilteredReason === 'string') {
      refusals.push(prediction.raiFilteredReason);
    }
  }
  return { images, refusals };
}
