import type { GenerateContentRequest } from '../../proxy/gemini/types.js';
import type { ScriptedGrounding } from './types.js';

/**
 * `candidates[0].groundingMetadata` of a scripted answer grounded in Google Search, in the shape of
 * the reference (https://ai.google.dev/api/generate-content#GroundingMetadata) and of Google's
 * example (https://ai.google.dev/gemini-api/docs/google-search , "Understanding the grounding
 * response"): `webSearchQueries`, a `searchEntryPoint` whose `renderedContent` is the HTML and CSS
 * of the search widget, `groundingChunks[].web {uri, title}`, and `groundingSupports[]` mapping a
 * segment of the answer (`startIndex` / `endIndex` in UTF-8 bytes, a zero start left out as proto3
 * JSON does, and its `text`) to `groundingChunkIndices`.
 */
export interface EmulatedGroundingMetadata {
  webSearchQueries: string[];
  searchEntryPoint: { renderedContent: string };
  groundingChunks: Array<{ web: { uri: string; title: string } }>;
  groundingSupports: Array<{
    segment: { startIndex?: number; endIndex: number; text: string };
    groundingChunkIndices: number[];
  }>;
}

/** Only a request that lets the model search gets grounding, as only such a request is searched for. */
export function searchesTheWeb(req: GenerateContentRequest): boolean {
  return (req.tools ?? []).some((tool) => tool.googleSearch !== undefined);
}

/**
 * The metadata for `answer`, the visible text this response sends. A support's text is looked up
 * in it (the first occurrence); a support whose text is not there is left out. Without supports, the
 * whole answer is backed by every source.
 */
export function groundingMetadata(grounding: ScriptedGrounding, answer: string): EmulatedGroundingMetadata {
  const everySource = grounding.sources.map((_, index) => index);
  const supports = grounding.supports ?? (answer ? [{ text: answer, sources: everySource }] : []);
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  return {
    webSearchQueries: [...grounding.queries],
    searchEntryPoint: {
      renderedContent: `<style>.container { display: flex; }</style><div class="container">${grounding.queries
        .map((query) => `<a class="chip">${escapeHtml(query)}</a>`)
        .join('')}</div>`,
    },
    groundingChunks: grounding.sources.map(({ uri, title }) => ({ web: { uri, title } })),
    groundingSupports: supports.flatMap(({ text, sources }) => {
      const at = answer.indexOf(text);
      if (at < 0 || text === '') return [];
      const startIndex = bytes(answer.slice(0, at));
      return [
        {
          segment: { ...(startIndex > 0 ? { startIndex } : {}), endIndex: startIndex + bytes(text), text },
          groundingChunkIndices: [...sources],
        },
      ];
    }),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
