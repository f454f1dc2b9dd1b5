import { describe, expect, it } from 'vitest';
import { parseEmbeddingsRequest } from './parseEmbeddingsRequest.js';
import { toGeminiEmbedRequests } from './toGeminiEmbedRequests.js';

describe('toGeminiEmbedRequests', () => {
  it('one EmbedContentRequest per input, with the model and outputDimensionality', () => {
    const translated = toGeminiEmbedRequests(
      parseEmbeddingsRequest({
        model: 'models/gemini-embedding-001',
        input: ['cat', 'dog'],
        dimensions: 768,
      }),
    );
    expect(translated).toEqual({
      model: 'gemini-embedding-001',
      batches: [
        {
          requests: [
            {
              model: 'models/gemini-embedding-001',
              content: { parts: [{ text: 'cat' }] },
              outputDimensionality: 768,
            },
            {
              model: 'models/gemini-embedding-001',
              content: { parts: [{ text: 'dog' }] },
              outputDimensionality: 768,
            },
          ],
        },
      ],
    });
  });

  it('splits into batches of 100, in order', () => {
    const inputs = Array.from({ length: 250 }, (_, i) => `text ${i}`);
    const { batches } = toGeminiEmbedRequests(
      parseEmbeddingsRequest({ model: 'gemini-embedding-001', input: inputs }),
    );
    expect(batches.map((b) => b.requests.length)).toEqual([100, 100, 50]);
    expect(batches[2]?.requests[49]?.content.parts[0]?.text).toBe('text 249');
    expect(batches[0]?.requests[0]).not.toHaveProperty('outputDimensionality');
  });
});
