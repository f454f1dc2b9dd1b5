import type { GenerateContentResponse } from '../../../gemini/types.js';

/**
 * A grounded answer with `tools: [{googleSearch: {}}]`, in the shape of Google's example
 * (https://ai.google.dev/gemini-api/docs/google-search , "Understanding the grounding response"):
 * queries, web chunks (redirect URIs and titles), and supports mapping byte ranges of the answer to
 * the chunks behind them. The second segment carries no text, so its byte offsets are what locate
 * it; "Español" makes bytes and characters differ before it.
 */
const first = 'Spain won Euro 2024 (la Selección Española), defeating England 2-1 in the final.';
const second = "This victory marks Spain's record fourth European Championship title.";
const answer = `${first} ${second}`;
const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

export const groundedAnswer: GenerateContentResponse = {
  candidates: [
    {
      content: { role: 'model', parts: [{ text: answer }] },
      finishReason: 'STOP',
      index: 0,
      groundingMetadata: {
        webSearchQueries: ['UEFA Euro 2024 winner', 'who won euro 2024'],
        searchEntryPoint: { renderedContent: '<!-- HTML and CSS for the search widget -->' },
        groundingChunks: [
          { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/aaa', title: 'aljazeera.com' } },
          { web: { uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/bbb', title: 'uefa.com' } },
        ],
        groundingSupports: [
          { segment: { endIndex: bytes(first), text: first }, groundingChunkIndices: [0] },
          {
            segment: { startIndex: bytes(first) + 1, endIndex: bytes(answer) },
            groundingChunkIndices: [0, 1],
          },
        ],
      },
    },
  ],
  usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 40, toolUsePromptTokenCount: 300, totalTokenCount: 350 },
};

export const GROUNDED = { answer, first, second };

/**
 * The same answer streamed: its text in two frames, then the grounding with the finishReason on the
 * last frame, after the text, as Gemini streams it (the frame that ends the answer carries it).
 */
export const groundedChunks: GenerateContentResponse[] = [
  { candidates: [{ content: { role: 'model', parts: [{ text: `${first} ` }] }, index: 0 }] },
  {
    candidates: [
      {
        content: { role: 'model', parts: [{ text: second }] },
        finishReason: 'STOP',
        index: 0,
        groundingMetadata: groundedAnswer.candidates![0]!['groundingMetadata'],
      },
    ],
    usageMetadata: groundedAnswer.usageMetadata!,
  },
];
