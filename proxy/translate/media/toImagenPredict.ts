import type { ImageRequest } from './parseImageRequest.js';

/** Imagen's `:predict` body (https://ai.google.dev/gemini-api/docs/imagen , REST). */
export interface ImagenPredictRequest {
  instances: [{ prompt: string }];
  parameters: {
    sampleCount: number;
    aspectRatio?: string;
    sampleImageSize?: string;
    outputOptions?: { mimeType: string; compressionQuality?: number };
  };
}

/**
 * An image request -> the `:predict` calls that make its images. One call makes at most four
 * (sampleCount 1-4), so `n` above four is split: n = 10 makes calls of 4, 4 and 2.
 *
 * | ImageRequest        | parameters                                  |
 * | ------------------- | ------------------------------------------- |
 * | n                   | sampleCount (per call, at most 4)           |
 * | aspectRatio         | aspectRatio                                 |
 * | imageSize           | sampleImageSize                             |
 * | outputMimeType      | outputOptions.mimeType                      |
 * | outputCompression   | outputOptions.compressionQuality            |
 *
 * The parameter names are those the @google/genai SDK sent to the Gemini API
 * (generateImagesConfigToMldev in googleapis/js-genai before commit 9ca6086).
 */
export function toImagenPredict(request: ImageRequest): ImagenPredictRequest[] {
  const calls: ImagenPredictRequest[] = [];
  for (let left = request.n; left > 0; left -= request.model.imagesPerCall) {
    const parameters: ImagenPredictRequest['parameters'] = {
      sampleCount: Math.min(left, request.model.imagesPerCall),
    };
    if (request.aspectRatio) parameters.aspectRatio = request.aspectRatio;
    if (request.imageSize) parameters.sampleImageSize = request.imageSize;
    if (request.outputMimeType) {
      parameters.outputOptions = {
        mimeType: request.outputMimeType,
        ...(request.outputCompression === undefined ? {} : { compressionQuality: request.outputCompression }),
      };
    }
    calls.push({ instances: [{ prompt: request.prompt }], parameters });
  }
  return calls;
}
