import type { Blob, Content } from '../../gemini/types.js';
import { geminiFileUri } from '../openai/toUserParts.js';
import type { ConversationState } from './toGeminiConversation.js';

/**
 * A stored response keeps where the media it was given by URL came from, not their bytes: a
 * request of a few hundred bytes naming big images must not become a row of as many megabytes
 * (and the bytes could be fetched again, as they were the first time). Going in and coming out:
 *
 * | part of a turn                                           | stored as                              | read back as          |
 * | -------------------------------------------------------- | -------------------------------------- | --------------------- |
 * | `inlineData` holding the bytes fetched from an http(s) URL | `fileData` with that URL and the type | `inlineData` fetched again (fetchRemoteAgain) |
 * | any other part (text, media sent as data, Gemini files)  | itself                                 | itself                |
 *
 * Gemini's own `fileData` URIs (its Files API) are never fetched: Gemini reads those itself.
 */
export function withoutFetchedBytes(contents: Content[], fetched: ReadonlyMap<string, Blob>): Content[] {
  // By the bytes themselves: the turn to store is a copy of what translation made.
  const urlOf = new Map([...fetched].map(([url, blob]) => [blob.data, url]));
  if (urlOf.size === 0) return contents;
  return contents.map((content) => ({
    ...content,
    parts: content.parts.map((part) => {
      const url = part.inlineData && urlOf.get(part.inlineData.data);
      if (!url) return part;
      const { inlineData, ...rest } = part;
      return { ...rest, fileData: { fileUri: url, mimeType: inlineData!.mimeType } };
    }),
  }));
}

/** The URLs a stored conversation holds media by, with the type each had, to fetch again. */
export function storedMediaUrls(
  history: ConversationState | undefined,
): Map<string, { param: string; mimeType: string }> {
  const urls = new Map<string, { param: string; mimeType: string }>();
  for (const content of history?.contents ?? []) {
    for (const part of content.parts) {
      const uri = part.fileData?.fileUri;
      if (!uri || !isFetchedUrl(uri) || urls.has(uri)) continue;
      urls.set(uri, {
        param: 'previous_response_id',
        mimeType: part.fileData?.mimeType ?? 'application/octet-stream',
      });
    }
  }
  return urls;
}

/** The conversation with the media it holds by URL back inline, as fetched again. */
export function withFetchedAgain(
  history: ConversationState,
  fetched: ReadonlyMap<string, Blob>,
): ConversationState {
  if (fetched.size === 0) return history;
  return {
    ...history,
    contents: history.contents.map((content) => ({
      ...content,
      parts: content.parts.map((part) => {
        const blob = part.fileData && fetched.get(part.fileData.fileUri);
        if (!blob) return part;
        const { fileData: _url, ...rest } = part;
        return { ...rest, inlineData: blob };
      }),
    })),
  };
}

function isFetchedUrl(uri: string): boolean {
  return /^https?:\/\//i.test(uri) && !geminiFileUri(uri);
}
