import { describe, expect, it } from 'vitest';
import { GROUNDED, groundedAnswer } from '../responses/__fixtures__/grounding.js';
import type { GroundingMetadata } from '../responses/groundingSpans.js';
import { groundingToSearchBlocks, type SearchBlocks } from './groundingToSearchBlocks.js';
import type { ServerToolUseBlockOut, WebSearchCitation, WebSearchResultOut } from './types.js';

const metadata = groundedAnswer.candidates![0]!['groundingMetadata'] as GroundingMetadata;
const AAA = 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/aaa';
const BBB = 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/bbb';

function ids(): () => string {
  let n = 0;
  return () => `srvtoolu_${++n}`;
}
const search = (id: string, query: string): ServerToolUseBlockOut => ({
  type: 'server_tool_use',
  id,
  name: 'web_search',
  input: { query },
});
const result = (url: string, title: string): WebSearchResultOut => ({
  type: 'web_search_result',
  url,
  title,
  encrypted_content: '',
  page_age: null,
});
const citation = (url: string, title: string, cited_text: string): WebSearchCitation => ({
  type: 'web_search_result_location',
  url,
  title,
  encrypted_index: '',
  cited_text,
});

describe('groundingToSearchBlocks', () => {
  it.each<[string, GroundingMetadata | undefined, SearchBlocks | undefined]>([
    [
      "Google's example: a search per query, every page in one result after them, citations over the answer",
      metadata,
      {
        blocks: [
          search('srvtoolu_1', 'UEFA Euro 2024 winner'),
          search('srvtoolu_2', 'who won euro 2024'),
          {
            type: 'web_search_tool_result',
            tool_use_id: 'srvtoolu_1',
            content: [result(AAA, 'aljazeera.com'), result(BBB, 'uefa.com')],
          },
        ],
        citations: [
          citation(AAA, 'aljazeera.com', GROUNDED.first),
          citation(AAA, 'aljazeera.com', GROUNDED.second),
          citation(BBB, 'uefa.com', GROUNDED.second),
        ],
        searches: 2,
      },
    ],
    [
      'queries that found nothing: their searches and an empty result',
      { webSearchQueries: ['q'] },
      {
        blocks: [
          search('srvtoolu_1', 'q'),
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
        ],
        citations: [],
        searches: 1,
      },
    ],
    [
      'pages but no query: one search for "", a page without a title named by its uri, one without a uri left out',
      { groundingChunks: [{ web: { uri: AAA } }, { web: { title: 'nowhere' } }] },
      {
        blocks: [
          search('srvtoolu_1', ''),
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [result(AAA, AAA)] },
        ],
        citations: [],
        searches: 1,
      },
    ],
    ['no grounding: nothing', undefined, undefined],
    ['grounding without queries or pages: nothing', { webSearchQueries: [], groundingChunks: [] }, undefined],
  ])('%s', (_name, grounding, expected) => {
    expect(groundingToSearchBlocks(grounding, GROUNDED.answer, ids())).toEqual(expected);
  });

  it('ids look like Anthropic’s, one per search', () => {
    const found = groundingToSearchBlocks(metadata, GROUNDED.answer)!;
    const [first, second] = found.blocks as ServerToolUseBlockOut[];
    expect(first!.id).toMatch(/^srvtoolu_[0-9a-f]{24}$/);
    expect(second!.id).toMatch(/^srvtoolu_[0-9a-f]{24}$/);
    expect(second!.id).not.toBe(first!.id);
  });
});
