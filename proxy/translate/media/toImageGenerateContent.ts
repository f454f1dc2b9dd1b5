import type { GenerateContentRequest, Part } from '../../gemini/types.js';
import type { ImageRequest } from './parseImageRequest.js';

/**
 * An image request -> one `generateContent` request for a Gemini image model
 * (https://ai.google.dev/gemini-api/docs/image-generation). A call makes one image, so the route
 * sends it `n` times.
 *
 * | ImageRequest   | GenerateContentRequest                                       |
 * | -------------- | ------------------------------------------------------------ |
 * | prompt         | contents[0].parts: the text                                  |
 * | images (edits) | contents[0].parts: each an inlineData part, before the text  |
 * | (always)       | generationConfig.responseModalities ["TEXT", "IMAGE"]        |
 * | aspectRatio    | generationConfig.imageConfig.aspectRatio                     |
 * | imageSize      | generationConfig.imageConfig.imageSize                       |
 *
 * Images go before the text, the order Google's editing examples use ("image first, then the
 * instruction").
 */
export function toImageGenerateContent(request: ImageRequest): GenerateContentRequest {
  const parts: Part[] = [...request.images.map((inlineData) => ({ inlineData })), { text: request.prompt }];
  const imageConfig: Record<string, string> = {};
  if (request.aspectRatio) imageConfig.aspectRatio = request.aspectRatio;
  if (request.imageSize) imageConfig.imageSize = request.imageSize;
  return {
    contents: [{ role: 'user', parts }],
    generationConfig: {
      responseModalities: ['TEXT', 'IMAGE'],
      ...(Object.keys(imageConfig).length > 0 ? { imageConfig } : {}),
    },
  };
}
