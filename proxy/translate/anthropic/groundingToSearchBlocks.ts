import { groundedSpans, type GroundingMetadata } from '../responses/groundingSpans.js';
import { randomHex } from '../../util/ids.js';
import type {
  ServerToolUseBlockOut,
  WebSearchCitation,
  WebSearchResultOut,
  WebSearchToolResultBlockOut,
} from './types.js';

/** What a grounded answer adds to an Anthropic Message. */
export interface SearchBlocks {
  /** The searches, then their results: the blocks after the answer's text. */
  blocks: Array<ServerToolUseBlockOut | WebSearchToolResultBlockOut>;
  /** For the answer's text block. */
  citations: WebSearchCitation[];
  /** `usage.server_tool_use.web_search_requests`. */
  searches: number;
}

/**
 * Gemini's Google Search grounding (`candidates[0].groundingMetadata`, groundingSpans.ts) -> what
 * Anthropic's API reports for its web search server tool (`@anthropic-ai/sdk`
 * resources/messages/messages.d.ts: ServerToolUseBlock, WebSearchToolResultBlock,
 * WebSearchResultBlock, CitationsWebSearchResultLocation, ServerToolUsage):
 *
 * | Gemini                              | Anthropic                                                          |
 * | ----------------------------------- | ------------------------------------------------------------------ |
 * | each `webSearchQueries[i]`          | a `server_tool_use` block: `srvtoolu_` + 24 hex digits, `name: "web_search"`, `input: {query}` |
 * | chunks but no queries               | one `server_tool_use` whose query is `""` (a search happened; Gemini did not say for what) |
 * | every `groundingChunks[].web`       | one `web_search_tool_result`, after all the searches, `tool_use_id` the first search's: a `web_search_result` per chunk with a uri |
 * | `web.uri`                           | `url`, as Gemini gives it (a vertexaisearch.cloud.google.com redirect to the page) |
 * | `web.title` (the site's domain)     | `title` (the uri when there is none)                               |
 * | —                                   | `encrypted_content: ""`, `page_age: null`                          |
 * | `groundingSupports[]` (a segment and the chunks behind it) | `web_search_result_location` citations for the answer's text: `url`, `title`, `cited_text` the segment's text, `encrypted_index: ""` |
 * | the number of searches              | `usage.server_tool_use.web_search_requests` (`web_fetch_requests: 0`) |
 *
 * Where Gemini says less than Anthropic: it does not say which query found which page, so every
 * page is in the one result and the later searches have no result block of their own (a client
 * folding results per search, as Claude Code's WebSearch tool does, then lists each page once, not
 * once per query or "no links" for the rest). It hands out no page content or search index to send
 * back, so `encrypted_content` and `encrypted_index` are empty strings: opaque to clients, and
 * ignored by gemgate when a later turn carries them back (toModelParts.ts). Returns undefined when
 * Gemini did not search.
 */
export function groundingToSearchBlocks(
  grounding: GroundingMetadata | undefined,
  answer: string,
  newId: () => string = randomServerToolUseId,
): SearchBlocks | undefined {
  const chunks = grounding?.groundingChunks ?? [];
  const asked = grounding?.webSearchQueries ?? [];
  if (!grounding || (asked.length === 0 && chunks.length === 0)) return undefined;
  const queries = asked.length > 0 ? asked : [''];
  const uses = queries.map((query): ServerToolUseBlockOut => ({
    type: 'server_tool_use',
    id: newId(),
    name: 'web_search',
    input: { query },
  }));
  const results = chunks.flatMap(({ web }): WebSearchResultOut[] =>
    web?.uri
      ? [
          {
            type: 'web_search_result',
            url: web.uri,
            title: web.title ?? web.uri,
            encrypted_content: '',
            page_age: null,
          },
        ]
      : [],
  );
  const citations = groundedSpans(grounding, answer).map((span): WebSearchCitation => ({
    type: 'web_search_result_location',
    url: span.uri,
    title: span.title,
    encrypted_index: '',
    cited_text: answer.slice(span.start, span.end),
  }));
  return {
    blocks: [...uses, { type: 'web_search_tool_result', tool_use_id: uses[0]!.id, content: results }],
    citations,
    searches: uses.length,
  };
}

/** Anthropic-looking ids (`srvtoolu_` + 24 hex digits), unique per search. */
function randomServerToolUseId(): string {
  return `srvtoolu_${randomHex(12)}`;
}
