import type { ResponsesRequest } from './responsesRequestSchema.js';

/**
 * The http(s) image URLs a request references, each with the first field that uses it, for the one
 * asynchronous step of translation (fetchRemoteImages in ../openai/fetchRemoteMedia.ts): Gemini takes
 * images only as bytes, so gemgate downloads them first, as it does for chat completions.
 */
export function remoteImageUrls(request: Pick<ResponsesRequest, 'input'>): Map<string, string> {
  const firstUse = new Map<string, string>();
  if (typeof request.input !== 'string') {
    request.input?.forEach((item, itemIndex) => {
      const parts =
        item.type === 'message' && typeof item.content !== 'string'
          ? { list: item.content, at: `input[${itemIndex}].content` }
          : item.type === 'function_call_output' && typeof item.output !== 'string'
            ? { list: item.output, at: `input[${itemIndex}].output` }
            : undefined;
      parts?.list.forEach((part, partIndex) => {
        if (part.type !== 'input_image' || !part.image_url || !/^https?:\/\//i.test(part.image_url)) return;
        if (!firstUse.has(part.image_url))
          firstUse.set(part.image_url, `${parts.at}[${partIndex}].image_url`);
      });
    });
  }
  return firstUse;
}
