import type { UrlCitation, WebSearchCallItem } from './types.js';

/**
 * Gemini's `groundingMetadata` (https://ai.google.dev/api/generate-content#GroundingMetadata ,
 * https://ai.google.dev/gemini-api/docs/google-search , "Understanding the grounding response")
 * as far as gemgate reads it.
 */
export interface GroundingMetadata {
  webSearchQueries?: string[];
  groundingChunks?: Array<{ web?: { uri?: string; title?: string } }>;
  groundingSupports?: Array<{
    segment?: { startIndex?: number; endIndex?: number; text?: string };
    groundingChunkIndices?: number[];
  }>;
}

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
 * Segment offsets are UTF-8 bytes in Gemini and UTF-16 code units in OpenAI; the segment's own text,
 * when Gemini gives it, is looked up in the answer, which also survives a resumed answer whose byte
 * offsets were counted on one attempt only. Returns undefined when Gemini did not search.
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

  const annotations: UrlCitation[] = [];
  const seen = new Set<string>();
  for (const support of grounding.groundingSupports ?? []) {
    const span = spanOf(support.segment, answer);
    if (!span) continue;
    for (const index of support.groundingChunkIndices ?? []) {
      const web = chunks[index]?.web;
      if (!web?.uri) continue;
      const key = `${span.start}:${span.end}:${web.uri}`;
      if (seen.has(key)) continue;
      seen.add(key);
      annotations.push({
        type: 'url_citation',
        url: web.uri,
        title: web.title ?? web.uri,
        start_index: span.start,
        end_index: span.end,
      });
    }
  }
  return { call: { type: 'web_search_call', id: itemId, status: 'completed', action }, annotations };
}

function spanOf(
  segment: { startIndex?: number; endIndex?: number; text?: string } | undefined,
  answer: string,
): { start: number; end: number } | undefined {
  if (!segment) return undefined;
  if (segment.text) {
    const start = answer.indexOf(segment.text);
    if (start >= 0) return { start, end: start + segment.text.length };
  }
  if (segment.endIndex === undefined) return undefined;
  const bytes = Buffer.from(answer, 'utf8');
  if (segment.endIndex > bytes.length) return undefined;
  // Proto3 leaves a zero startIndex out.
  const start = bytes.subarray(0, segment.startIndex ?? 0).toString('utf8').length;
  const end = bytes.subarray(0, segment.endIndex).toString('utf8').length;
  return end > start ? { start, end } : undefined;
}
