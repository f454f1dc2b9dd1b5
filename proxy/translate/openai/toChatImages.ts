import type { Part } from '../../gemini/types.js';
import type { ChatImage } from './types.js';

/**
 * The images among an answer's parts -> `images` entries of a chat message or delta, each a data
 * URL, as OpenRouter and LiteLLM send image output in Chat Completions
 * (`{type: "image_url", image_url: {url: "data:image/png;base64,…"}}`). The interim drafts Gemini 3
 * Pro Image marks `thought: true` are thinking, not the answer, and are left out.
 */
export function toChatImages(parts: readonly Part[]): ChatImage[] {
  const images: ChatImage[] = [];
  for (const part of parts) {
    if (part.thought || !part.inlineData?.mimeType?.startsWith('image/')) continue;
    images.push({
      type: 'image_url',
      image_url: { url: `data:${part.inlineData.mimeType};base64,${part.inlineData.data}` },
    });
  }
  return images;
}
