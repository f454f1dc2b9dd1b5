import { describe, expect, it } from 'vitest';
import { fromGeminiEmbeddings, toBase64Float32 } from './fromGeminiEmbeddings.js';
import { parseEmbeddingsRequest } from './parseEmbeddingsRequest.js';

const request = (encoding_format: 'float' | 'base64', input = ['cat', 'dog', 'emu']) =>
  parseEmbeddingsRequest({ model: 'gemini-embedding-001', input, encoding_format });

// Two batches, as toGeminiEmbedRequests would have sent them.
const responses = [
  { embeddings: [{ values: [0.25, -0.5, 1] }, { values: [0.125, 0, -1] }] },
  { embeddings: [{ values: [3.5, 2, 0.75] }] },
];

describe('fromGeminiEmbeddings', () => {
  it('float: vectors in input order with indexes, and an estimated usage', () => {
    expect(fromGeminiEmbeddings(responses, request('float'), 'gemini-embedding-001')).toEqual({
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.25, -0.5, 1] },
        { object: 'embedding', index: 1, embedding: [0.125, 0, -1] },
        { object: 'embedding', index: 2, embedding: [3.5, 2, 0.75] },
      ],
      model: 'gemini-embedding-001',
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  });

  it('base64: little-endian float32 bytes', () => {
    const list = fromGeminiEmbeddings(responses, request('base64'), 'gemini-embedding-001');
    const bytes = Buffer.from(list.data[0]?.embedding as string, 'base64');
    expect(bytes).toHaveLength(12);
    expect([bytes.readFloatLE(0), bytes.readFloatLE(4), bytes.readFloatLE(8)]).toEqual([0.25, -0.5, 1]);
    expect(toBase64Float32([1])).toBe(Buffer.from([0x00, 0x00, 0x80, 0x3f]).toString('base64'));
  });

  it('refuses an answer whose count does not match the inputs', () => {
    expect(() => fromGeminiEmbeddings(responses.slice(0, 1), request('float'), 'm')).toThrow(
      /2 embeddings for 3 inputs/,
    );
  });
});
