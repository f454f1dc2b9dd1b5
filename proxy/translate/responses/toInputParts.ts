import type { Blob, Part } from '../../gemini/types.js';
import { invalidRequest } from '../openai/openAIError.js';
import { fileBlob, imageBlob, type MediaOptions } from '../openai/toUserParts.js';
import type { MessageContentPart } from './responsesRequestSchema.js';

/**
 * A message's content (or a function output's list) -> Gemini parts. `at` is the content's place in
 * the request (`input[2].content`), so that a 400 names the very part at fault.
 *
 * | Responses part                                   | Gemini part                                    |
 * |--------------------------------------------------|------------------------------------------------|
 * | string, `input_text`, `output_text`, `refusal`   | `text` (empty ones dropped: Gemini refuses them) |
 * | `input_image` with a data: or http(s) `image_url` | `inlineData` (http(s) fetched beforehand)      |
 * | `input_file` with `file_data`                    | `inlineData` (a data: URL, or base64 of a .pdf) |
 * | `input_file` with an http(s) `file_url` only     | `inlineData` (fetched beforehand)              |
 * | `input_file` with another `file_url`             | 400: invalid_file_url                          |
 * | `input_image`/`input_file` with `file_id`        | 400: OpenAI's file storage, not Gemini's       |
 *
 * The data URL rules and size limits are the chat dialect's (toUserParts.ts), shared.
 */
export function toInputParts(
  content: string | MessageContentPart[],
  at: string,
  options: MediaOptions = {},
): Part[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  return content.flatMap((part, index): Part[] => {
    const param = `${at}[${index}]`;
    switch (part.type) {
      case 'input_text':
      case 'output_text':
        return part.text === '' ? [] : [{ text: part.text }];
      case 'refusal':
        return part.refusal === '' ? [] : [{ text: part.refusal }];
      case 'input_image':
        if (part.image_url) return [{ inlineData: imageBlob(part.image_url, `${param}.image_url`, options) }];
        if (part.file_id) throw openAIFileStorage(`${param}.file_id`, 'image_url');
        throw invalidRequest(
          `Missing required parameter: '${param}.image_url'.`,
          `${param}.image_url`,
          'missing_required_parameter',
        );
      case 'input_file':
        if (!part.file_data && part.file_url)
          return [{ inlineData: fetchedFile(part.file_url, param, options) }];
        return [{ inlineData: fileBlob(part, param, options) }];
    }
  });
}

/** A file_url's bytes, fetched by the route beforehand (remoteFileUrls, fetchRemoteFiles). */
function fetchedFile(url: string, param: string, options: MediaOptions): Blob {
  if (!/^https?:\/\//i.test(url)) {
    throw invalidRequest(
      `'${param}.file_url' must be an http(s) URL; send other files as 'file_data' (a data: URL).`,
      `${param}.file_url`,
      'invalid_file_url',
    );
  }
  const fetched = options.remoteMedia?.get(url);
  // The route fetches every http(s) file_url first; a miss here is a wiring bug, not the client's fault.
  if (!fetched)
    throw new Error(`file ${url} was not fetched before translation (call fetchRemoteFiles first)`);
  return fetched;
}

function openAIFileStorage(param: string, instead: string) {
  return invalidRequest(
    `'${param}' refers to OpenAI's file storage, which Gemini cannot read; send the data as '${instead}'.`,
    param,
    'unsupported_parameter',
  );
}
