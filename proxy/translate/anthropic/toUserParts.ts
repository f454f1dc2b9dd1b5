import type { Part } from '../../gemini/types.js';
import { base64ByteLength } from '../openai/dataUrl.js';
import { invalidRequest } from '../openai/openAIError.js';
import { checkedSize, geminiFileUri, imageBlob, type MediaOptions } from '../openai/toUserParts.js';
import type { DocumentBlock, ImageBlock, TextBlock } from './messagesRequestSchema.js';

/** The blocks that carry what the user shows the model: in a user turn, and inside a tool_result. */
export type MediaBlock =
  | TextBlock
  | ImageBlock
  | DocumentBlock
  | { type: 'search_result'; source: string; title: string; content: TextBlock[] };

/**
 * One content block of what the user shows the model -> Gemini parts; `at` names the block in errors
 * (`messages.0.content.2`):
 *
 * | Anthropic block                                    | Gemini part                                          |
 * | -------------------------------------------------- | ---------------------------------------------------- |
 * | `text`                                             | `text` (empty: dropped, Gemini refuses empty parts)   |
 * | `image`, source `base64`                           | `inlineData` with its media_type                     |
 * | `image`, source `url` (fetched first)              | `inlineData` as the server typed it                  |
 * | `document`, source `base64` (a PDF)                | `inlineData` with its media_type                     |
 * | `document`, source `url` (fetched first)           | `inlineData` as the server typed it                  |
 * | `document`, source `text`                          | `text`                                               |
 * | `document`, source `content`                       | its text and image blocks, as above                  |
 * | `image` / `document`, source `file` named `files/ID` | `fileData` (a file in Gemini's Files API)           |
 * | `search_result`                                    | `text`: title, source, then its text blocks          |
 *
 * A document's `title` and `context`, when given, go before it as a text part: Gemini has no field
 * for them, and the model should still know what it reads. A `file_id` of Anthropic's Files API is a
 * 400: Gemini cannot read Anthropic's storage.
 */
export function toUserParts(block: MediaBlock, at: string, options: MediaOptions): Part[] {
  switch (block.type) {
    case 'text':
      return textPart(block.text);
    case 'image':
      return [imagePart(block, at, options)];
    case 'document':
      return documentParts(block, at, options);
    case 'search_result': {
      const body = block.content.map((item) => item.text).join('\n');
      return textPart(`${block.title} (${block.source})\n${body}`);
    }
  }
}

function textPart(text: string): Part[] {
  return text === '' ? [] : [{ text }];
}

function imagePart(block: ImageBlock, at: string, options: MediaOptions): Part {
  const source = block.source;
  if (source.type === 'base64') return { inlineData: inline(source, `${at}.source.data`, options) };
  if (source.type === 'url') return { inlineData: imageBlob(source.url, `${at}.source.url`, options) };
  return { fileData: { fileUri: geminiFile(source.file_id, `${at}.source.file_id`) } };
}

function documentParts(block: DocumentBlock, at: string, options: MediaOptions): Part[] {
  const about = [block.title, block.context].filter((text): text is string => !!text).join('\n');
  const source = block.source;
  let parts: Part[];
  switch (source.type) {
    case 'base64':
      parts = [{ inlineData: inline(source, `${at}.source.data`, options) }];
      break;
    case 'url': {
      const fetched = options.remoteMedia?.get(source.url);
      // The route fetches every URL first (remoteUrls.ts); a miss is a wiring bug, not the client's.
      if (!fetched) throw new Error(`document ${source.url} was not fetched before translation`);
      parts = [{ inlineData: fetched }];
      break;
    }
    case 'text':
      parts = textPart(source.data);
      break;
    case 'content':
      parts =
        typeof source.content === 'string'
          ? textPart(source.content)
          : source.content.flatMap((item, index) =>
              toUserParts(item, `${at}.source.content.${index}`, options),
            );
      break;
    case 'file':
      parts = [{ fileData: { fileUri: geminiFile(source.file_id, `${at}.source.file_id`) } }];
      break;
  }
  return about === '' ? parts : [...textPart(about), ...parts];
}

function inline(source: { media_type: string; data: string }, param: string, options: MediaOptions) {
  const data = source.data.replace(/\s+/g, '');
  return checkedSize({ mimeType: source.media_type, data }, base64ByteLength(data), param, options);
}

function geminiFile(fileId: string, param: string): string {
  const uri = geminiFileUri(fileId);
  if (uri) return uri;
  throw invalidRequest(
    `${param}: ${JSON.stringify(fileId)} names a file in Anthropic's Files API, which Gemini cannot read. Send the file inline (base64), or upload it to Gemini's Files API and name it as files/ID.`,
    param,
  );
}
