import { describe, expect, it } from 'vitest';
import { groundedSpans, type GroundingMetadata } from './groundingSpans.js';

const answer = 'Spain won (la Selección Española). It was their fourth title.';
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const firstSentence = 'Spain won (la Selección Española).';
const secondSentence = 'It was their fourth title.';
const chunks: GroundingMetadata['groundingChunks'] = [
  { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/aaa', title: 'uefa.com' } },
  { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/bbb' } },
  {},
];
type Support = NonNullable<GroundingMetadata['groundingSupports']>[number];

describe('groundedSpans', () => {
  it.each<[string, Support[], Array<[string, string]>]>([
    [
      'a segment found by its text',
      [{ segment: { startIndex: 0, endIndex: 1, text: secondSentence }, groundingChunkIndices: [0] }],
      [[secondSentence, 'uefa.com']],
    ],
    [
      'byte offsets (a zero start left out) read as characters after "Selección"',
      [
        { segment: { endIndex: bytes(firstSentence) }, groundingChunkIndices: [0] },
        {
          segment: { startIndex: bytes(firstSentence) + 1, endIndex: bytes(answer) },
          groundingChunkIndices: [0],
        },
      ],
      [
        [firstSentence, 'uefa.com'],
        [secondSentence, 'uefa.com'],
      ],
    ],
    [
      'a chunk without a title: its uri; a chunk without a uri, or out of range: nothing',
      [{ segment: { text: secondSentence }, groundingChunkIndices: [1, 2, 9] }],
      [[secondSentence, 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/bbb']],
    ],
    [
      'the same span and source twice: once',
      [
        { segment: { text: secondSentence }, groundingChunkIndices: [0, 0] },
        { segment: { text: secondSentence }, groundingChunkIndices: [0] },
      ],
      [[secondSentence, 'uefa.com']],
    ],
    [
      'a segment that is not in the answer and whose bytes overrun it: nothing',
      [{ segment: { startIndex: 0, endIndex: 999, text: 'elsewhere' }, groundingChunkIndices: [0] }],
      [],
    ],
    ['no segment: nothing', [{ groundingChunkIndices: [0] }], []],
  ])('%s', (_name, groundingSupports, expected) => {
    const spans = groundedSpans({ groundingChunks: chunks, groundingSupports }, answer);
    expect(spans.map((span) => [answer.slice(span.start, span.end), span.title])).toEqual(expected);
  });
});
