import type { Blob, Part } from '../../gemini/types.js';
import type { UserContentPart } from './chatRequestSchema.js';
import { base64ByteLength, parseDataUrl } from './dataUrl.js';
import { invalidRequest } from './openAIError.js';

/**
 * Gemini's documented ceiling for data sent inline in one request is 100 MB (50 MB for a PDF;
 * https://ai.google.dev/gemini-api/docs/files, "Always use the Files API when the total request size
 * … is larger than 100 MB"); a single part above it can never succeed, so it is refused here with the
 * field named instead of after a slow upload.
 */
export const DEFAULT_MAX_INLINE_BYTES = 100 * 1024 * 1024;

export interface MediaOptions {
  /** http(s) image URLs already fetched by fetchRemoteMedia (the one async step), keyed by URL. */
  remoteMedia?: ReadonlyMap<string, Blob>;
  maxInlineBytes?: number;
}

/**
 * A user message's content -> Gemini parts:
 *
 * | OpenAI content part                                           | Gemini part                 |
 * | ------------------------------------------------------------- | --------------------------- |
 * | `text`                                                        | `text` (empty: dropped)     |
 * | `image_url` with a data: URL, or an http(s) URL (fetched)     | `inlineData`                |
 * | `image_url` or `file.file_id` naming a Gemini Files API file  | `fileData.fileUri`          |
 * | `input_audio`                                                 | `inlineData` (audio/FORMAT) |
 * | `file.file_data` (a data: URL, or base64 of a .pdf)           | `inlineData`                |
 */
export function toUserParts(
  content: string | UserContentPart[],
  messageIndex: number,
  options: MediaOptions = {},
): Part[] {
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  return content.flatMap((part, partIndex): Part[] => {
    const at = `messages[${messageIndex}].content[${partIndex}]`;
    switch (part.type) {
      case 'text':
        return part.text === '' ? [] : [{ text: part.text }];
      case 'image_url': {
        const fileUri = geminiFileUri(part.image_url.url);
        if (fileUri) return [{ fileData: { fileUri } }];
        return [{ inlineData: imageBlob(part.image_url.url, `${at}.image_url.url`, options) }];
      }
      case 'input_audio':
        return [{ inlineData: audioBlob(part.input_audio, `${at}.input_audio.data`, options) }];
      case 'file': {
        const fileUri = part.file.file_id ? geminiFileUri(part.file.file_id) : undefined;
        if (fileUri) return [{ fileData: { fileUri } }];
        return [{ inlineData: fileBlob(part.file, `${at}.file`, options) }];
      }
    }
  });
}

/**
 * A file uploaded to Gemini's Files API (through gemgate or not), named by its URI
 * (`https://generativelanguage.googleapis.com/v1beta/files/ID`) or its name (`files/ID`). Gemini
 * reads it by URI; anything else is not such a file.
 */
export function geminiFileUri(value: string): string | undefined {
  const match =
    /^(?:https:\/\/generativelanguage\.googleapis\.com\/(v1beta|v1)\/)?files\/([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)$/.exec(
      value.trim(),
    );
  if (!match) return undefined;
  return `https://generativelanguage.googleapis.com/${match[1] ?? 'v1beta'}/files/${match[2]}`;
}

/** An image URL (data: or an already fetched http(s) URL) -> inline data; `param` names it in errors. */
export function imageBlob(url: string, param: string, options: MediaOptions): Blob {
  const inline = parseDataUrl(url);
  if (inline)
    return checkedSize({ mimeType: inline.mimeType, data: inline.data }, inline.byteLength, param, options);
  if (/^https?:\/\//i.test(url)) {
    const fetched = options.remoteMedia?.get(url);
    // The route calls fetchRemoteMedia first; a miss here is a wiring bug, not the client's fault.
    if (!fetched)
      throw new Error(`image ${url} was not fetched before translation (call fetchRemoteMedia first)`);
    return fetched;
  }
  throw invalidRequest(
    `Unsupported image URL in '${param}': expected a data: URL or an http(s) URL.`,
    param,
    'invalid_image_url',
  );
}

function audioBlob(audio: { data: string; format: string }, param: string, options: MediaOptions): Blob {
  const inline = parseDataUrl(audio.data);
  if (inline)
    return checkedSize({ mimeType: inline.mimeType, data: inline.data }, inline.byteLength, param, options);
  const data = audio.data.replace(/\s+/g, '');
  return checkedSize(
    { mimeType: `audio/${audio.format.toLowerCase()}`, data },
    base64ByteLength(data),
    param,
    options,
  );
}

/** A file given inline (a data: URL, or bare base64 of a .pdf) -> inline data; `param` names it in errors. */
export function fileBlob(
  file: {
    file_data?: string | null | undefined;
    file_id?: string | null | undefined;
    filename?: string | null | undefined;
  },
  param: string,
  options: MediaOptions,
): Blob {
  if (!file.file_data) {
    throw invalidRequest(
      `'${param}.file_id' refers to OpenAI's file storage, which Gemini cannot read; send the file as 'file_data', or upload it to Gemini's Files API and name it as 'files/ID'.`,
      `${param}.file_id`,
      'unsupported_parameter',
    );
  }
  const inline = parseDataUrl(file.file_data);
  if (inline) {
    return checkedSize(
      { mimeType: inline.mimeType, data: inline.data },
      inline.byteLength,
      `${param}.file_data`,
      options,
    );
  }
  // OpenAI also accepts bare base64 here; only the filename can tell what it is.
  if (file.filename?.toLowerCase().endsWith('.pdf')) {
    const data = file.file_data.replace(/\s+/g, '');
    return checkedSize(
      { mimeType: 'application/pdf', data },
      base64ByteLength(data),
      `${param}.file_data`,
      options,
    );
  }
  throw invalidRequest(
    `'${param}.file_data' must be a data: URL such as data:application/pdf;base64,...`,
    `${param}.file_data`,
    'invalid_value',
  );
}

/** `blob`, unless its `byteLength` is past the inline limit: then a 400 naming `param`. */
export function checkedSize(blob: Blob, byteLength: number, param: string, options: MediaOptions): Blob {
  const limit = options.maxInlineBytes ?? DEFAULT_MAX_INLINE_BYTES;
  if (byteLength > limit) {
    throw invalidRequest(
      `The data in '${param}' is ${formatBytes(byteLength)}; Gemini accepts at most ${formatBytes(limit)} inline.`,
      param,
      'file_too_large',
    );
  }
  return blob;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
