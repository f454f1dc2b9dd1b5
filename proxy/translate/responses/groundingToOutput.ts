import { groundedSpans, type GroundingMetadata } from './groundingSpans.js';
import type { UrlCitation, WebSearchCallItem } from './types.js';

/**
 * A grounded answer -> what a Responses client expects from its web_search tool:
 *
 * | Gemini                                         | Responses                                               |
 * |------------------------------------------------|---------------------------------------------------------|
 * | `webSearchQueries`                             | a `web_search_call` item, action `search` with `queries` |
 * |                                                | (and `query`, the first)                                |
 * | `groundingChunks[].web.uri`                    | that action's `sources`                                 |
 * | `groundingSupports[]`: a segment of the answer | `url_citation` annotations on the answer's text: the    |
 * | and the chunks that back it                    | segment's span, each backing chunk's uri and title      |
 *
 * Segment offsets are UTF-8 bytes in Gemini and UTF-16 code units in OpenAI; groundingSpans.ts finds
 * each segment in the answer. Returns undefined when Gemini did not search.
 */
export function groundingToOutput(
  grounding: GroundingMetadata | undefined,
  answer: string,
  itemId: string,
): { call: WebSearchCallItem; annotations: UrlCitation[] } | undefined {
  const queries = grounding?.webSearchQueries ?? [];
  const chunks = grounding?.groundingChunks ?? [];
  if (!grounding || (queries.length === 0 && chunks.length === 0)) return undefined;
  const action: WebSearchCallItem['action'] = { type: 'search', queries };
  if (queries[0] !== undefined) action.query = queries[0];
  const sources = chunks.flatMap((chunk) =>
    chunk.web?.uri ? [{ type: 'url' as const, url: chunk.web.uri }] : [],
  );
  if (sources.length > 0) action.sources = sources;

  const annotations = groundedSpans(grounding, answer).map((span): UrlCitation => ({
    type: 'url_citation',
    url: span.uri,
    title: span.title,
    start_index: span.start,
    end_index: span.end,
  }));
  return { call: { type: 'web_search_call', id: itemId, status: 'completed', action }, annotations };
}
