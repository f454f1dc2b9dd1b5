/**
 * Gemini's `groundingMetadata` (https://ai.google.dev/api/generate-content#GroundingMetadata ,
 * https://ai.google.dev/gemini-api/docs/google-search , "Understanding the grounding response")
 * as far as gemgate reads it. Read by both dialects that report web search: Responses
 * (groundingToOutput.ts) and Messages (../anthropic/groundingToSearchBlocks.ts).
 */
export interface GroundingMetadata {
  webSearchQueries?: string[];
  groundingChunks?: Array<{ web?: { uri?: string; title?: string } }>;
  groundingSupports?: Array<{
    segment?: { startIndex?: number; endIndex?: number; text?: string };
    groundingChunkIndices?: number[];
  }>;
}

/** A span of the answer (UTF-16 code units, as String.slice counts) and one web source behind it. */
export interface GroundedSpan {
  start: number;
  end: number;
  uri: string;
  /** The chunk's title (Gemini gives the site's domain), else its uri. */
  title: string;
}

/**
 * Each `groundingSupports[]` entry -> a span of the answer per backing web chunk, in Gemini's order,
 * without repeats (the same span and source twice):
 *
 * | Gemini                                            | span                                          |
 * | ------------------------------------------------- | --------------------------------------------- |
 * | `segment.text`, found in the answer               | where it is found (first occurrence)          |
 * | else `segment.startIndex` / `endIndex` (UTF-8 bytes) | those bytes as UTF-16 offsets (a zero start is left out by proto3) |
 * | a segment that fits neither                       | nothing                                       |
 * | `groundingChunkIndices[]` -> `groundingChunks[i].web` | `uri`, `title`; a chunk without a uri: nothing |
 *
 * Looking the text up also survives a resumed answer, whose byte offsets were counted on one attempt
 * only.
 */
export function groundedSpans(grounding: GroundingMetadata, answer: string): GroundedSpan[] {
  const chunks = grounding.groundingChunks ?? [];
  const spans: GroundedSpan[] = [];
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
      spans.push({ ...span, uri: web.uri, title: web.title ?? web.uri });
    }
  }
  return spans;
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
  const start = bytes.subarray(0, segment.startIndex ?? 0).toString('utf8').length;
  const end = bytes.subarray(0, segment.endIndex).toString('utf8').length;
  return end > start ? { start, end } : undefined;
}
