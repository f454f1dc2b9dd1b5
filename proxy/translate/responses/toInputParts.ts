import type { Part } from '../../gemini/types.js';
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
 * | `input_image`/`input_file` with `file_id`        | 400: OpenAI's file storage, not Gemini's       |
 * | `input_file` with `file_url`                     | 400: send the file as `file_data`              |
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
        if (!part.file_data && part.file_url) {
          throw invalidRequest(
            `'${param}.file_url' is not supported: gemgate does not fetch files by URL; send the file as 'file_data' (a data: URL).`,
            `${param}.file_url`,
            'unsupported_parameter',
          );
        }
        return [{ inlineData: fileBlob(part, param, options) }];
    }
  });
}

function openAIFileStorage(param: string, instead: string) {
  return invalidRequest(
    `'${param}' refers to OpenAI's file storage, which Gemini cannot read; send the data as '${instead}'.`,
    param,
    'unsupported_parameter',
  );
}
