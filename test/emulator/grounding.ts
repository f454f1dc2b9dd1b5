import type { GenerateContentRequest, Part } from '../../proxy/gemini/types.js';
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
 * Gemini 3 with Google Search beside function declarations and
 * `toolConfig.includeServerSideToolInvocations` shows the search it ran as server-side tool parts in
 * the model's content, before the parts that use it: a `toolCall` (`toolType` GOOGLE_SEARCH_WEB) and
 * its `toolResponse` with the same `id` (https://ai.google.dev/gemini-api/docs/tool-combination, whose
 * example prints them, then the function call, and passes all three back in turn 2; ToolCall and
 * ToolResponse in node_modules/@google/genai/dist/genai.d.ts). The page shows no call's `args` nor
 * what a `response` holds; the emulator puts the queries searched for and the sources found.
 */
export function showsServerToolCalls(req: GenerateContentRequest, family: string): boolean {
  const tools = req.tools ?? [];
  return (
    family === '3' &&
    searchesTheWeb(req) &&
    tools.some((tool) => (tool.functionDeclarations ?? []).length > 0) &&
    req.toolConfig?.includeServerSideToolInvocations === true
  );
}

/** The `toolCall` and `toolResponse` parts of one search (see showsServerToolCalls). */
export function searchToolParts(grounding: ScriptedGrounding, id: string): Part[] {
  const toolType = 'GOOGLE_SEARCH_WEB';
  return [
    { toolCall: { id, toolType, args: { queries: [...grounding.queries] } } },
    {
      toolResponse: {
        id,
        toolType,
        response: { results: grounding.sources.map(({ uri, title }) => ({ uri, title })) },
      },
    },
  ];
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
