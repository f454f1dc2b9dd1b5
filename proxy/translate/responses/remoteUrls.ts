import type { MessageContentPart, ResponsesRequest } from './responsesRequestSchema.js';

const HTTP_URL = /^https?:\/\//i;

/**
 * The http(s) image URLs a request references, each with the first field that uses it, for the one
 * asynchronous step of translation (fetchRemoteImages in ../openai/fetchRemoteMedia.ts): Gemini takes
 * images only as bytes, so gemgate downloads them first, as it does for chat completions.
 */
export function remoteImageUrls(request: Pick<ResponsesRequest, 'input'>): Map<string, string> {
  return remoteUrls(request, (part) =>
    part.type === 'input_image' ? [part.image_url, 'image_url'] : undefined,
  );
}

/**
 * The same for files: `input_file` parts that give a `file_url` and no `file_data` (the data wins
 * when both come, as in toInputParts), fetched with fetchRemoteFiles.
 */
export function remoteFileUrls(request: Pick<ResponsesRequest, 'input'>): Map<string, string> {
  return remoteUrls(request, (part) =>
    part.type === 'input_file' && !part.file_data ? [part.file_url, 'file_url'] : undefined,
  );
}

/** Each http(s) URL `urlOf` finds in the input's parts, mapped to the first field (`input[0].content[1].image_url`) using it. */
function remoteUrls(
  request: Pick<ResponsesRequest, 'input'>,
  urlOf: (part: MessageContentPart) => [url: string | null | undefined, field: string] | undefined,
): Map<string, string> {
  const firstUse = new Map<string, string>();
  if (typeof request.input === 'string') return firstUse;
  request.input?.forEach((item, itemIndex) => {
    const parts =
      item.type === 'message' && typeof item.content !== 'string'
        ? { list: item.content, at: `input[${itemIndex}].content` }
        : item.type === 'function_call_output' && typeof item.output !== 'string'
          ? { list: item.output, at: `input[${itemIndex}].output` }
          : undefined;
    parts?.list.forEach((part, partIndex) => {
      const [url, field] = urlOf(part) ?? [];
      if (!url || !HTTP_URL.test(url) || firstUse.has(url)) return;
      firstUse.set(url, `${parts.at}[${partIndex}].${field}`);
    });
  });
  return firstUse;
}
