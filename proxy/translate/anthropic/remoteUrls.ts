import type { ContentBlock, CountTokensRequest } from './messagesRequestSchema.js';

const HTTP_URL = /^https?:\/\//i;

export interface RemoteUrls {
  /** Image URLs, each with the first field using it, for fetchRemoteImages. */
  images: Map<string, string>;
  /** Document URLs (PDFs), each with the first field using it, for fetchRemoteFiles. */
  documents: Map<string, string>;
}

/**
 * The http(s) URLs of `image` and `document` blocks with a `url` source, in user messages and inside
 * tool results, for the one asynchronous step of translation (../openai/fetchRemoteMedia.ts): Gemini
 * takes media only as bytes, so gemgate downloads them first, as it does for the OpenAI dialect.
 * Each URL maps to the first field that uses it (`messages.0.content.1.source.url`), which a failed
 * download's 400 names.
 */
export function remoteUrls(request: Pick<CountTokensRequest, 'messages'>): RemoteUrls {
  const found: RemoteUrls = { images: new Map(), documents: new Map() };
  const visit = (block: ContentBlock | { type: string }, at: string) => {
    if (block.type === 'tool_result' && 'tool_use_id' in block && typeof block.content !== 'string') {
      block.content?.forEach((item, index) => visit(item, `${at}.content.${index}`));
      return;
    }
    if ((block.type !== 'image' && block.type !== 'document') || !('source' in block)) return;
    const source = block.source;
    if (source.type === 'content' && typeof source.content !== 'string') {
      source.content.forEach((item, index) => visit(item, `${at}.source.content.${index}`));
      return;
    }
    if (source.type !== 'url' || !HTTP_URL.test(source.url)) return;
    const into = block.type === 'image' ? found.images : found.documents;
    if (!into.has(source.url)) into.set(source.url, `${at}.source.url`);
  };
  request.messages.forEach((message, messageIndex) => {
    if (message.role !== 'user' || typeof message.content === 'string') return;
    message.content.forEach((block, blockIndex) =>
      visit(block, `messages.${messageIndex}.content.${blockIndex}`),
    );
  });
  return found;
}
