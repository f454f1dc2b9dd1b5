import { describe, expect, it } from 'vitest';
import { GROUNDED, groundedAnswer } from './__fixtures__/grounding.js';
import type { GroundingMetadata } from './groundingSpans.js';
import { groundingToOutput } from './groundingToOutput.js';

const metadata = groundedAnswer.candidates![0]!['groundingMetadata'] as GroundingMetadata;

describe('groundingToOutput', () => {
  it('a search call with the queries and sources, and citations over the answer in UTF-16 indexes', () => {
    const found = groundingToOutput(metadata, GROUNDED.answer, 'ws_1');
    expect(found?.call).toEqual({
      type: 'web_search_call',
      id: 'ws_1',
      status: 'completed',
      action: {
        type: 'search',
        query: 'UEFA Euro 2024 winner',
        queries: ['UEFA Euro 2024 winner', 'who won euro 2024'],
        sources: [
          { type: 'url', url: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/aaa' },
          { type: 'url', url: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/bbb' },
        ],
      },
    });
    const secondStart = GROUNDED.first.length + 1;
    expect(found?.annotations).toEqual([
      {
        type: 'url_citation',
        url: expect.stringMatching(/aaa$/),
        title: 'aljazeera.com',
        start_index: 0,
        end_index: GROUNDED.first.length,
      },
      {
        type: 'url_citation',
        url: expect.stringMatching(/aaa$/),
        title: 'aljazeera.com',
        start_index: secondStart,
        end_index: GROUNDED.answer.length,
      },
      {
        type: 'url_citation',
        url: expect.stringMatching(/bbb$/),
        title: 'uefa.com',
        start_index: secondStart,
        end_index: GROUNDED.answer.length,
      },
    ]);
    expect(GROUNDED.answer.slice(secondStart)).toBe(GROUNDED.second);
  });

  it('finds a segment by its text when byte offsets do not fit the answer (a resumed answer)', () => {
    const shifted: GroundingMetadata = {
      ...metadata,
      groundingSupports: [
        { segment: { startIndex: 999, endIndex: 1200, text: GROUNDED.second }, groundingChunkIndices: [1] },
      ],
    };
    const [citation] = groundingToOutput(shifted, GROUNDED.answer, 'ws_1')!.annotations;
    expect(GROUNDED.answer.slice(citation!.start_index, citation!.end_index)).toBe(GROUNDED.second);
  });

  it('nothing when Gemini did not search', () => {
    expect(groundingToOutput(undefined, 'x', 'ws_1')).toBeUndefined();
    expect(groundingToOutput({ webSearchQueries: [] }, 'x', 'ws_1')).toBeUndefined();
  });
});
