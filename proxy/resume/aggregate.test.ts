import { describe, expect, it } from 'vitest';
import { aggregateChunks } from './aggregate.js';

describe('aggregateChunks', () => {
  it('joins text deltas, keeps thoughts apart and function calls in order, takes the last finish and usage', () => {
    const whole = aggregateChunks([
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Let me think', thought: true }] } }],
        responseId: 'r1',
      },
      { candidates: [{ content: { role: 'model', parts: [{ text: ' harder.', thought: true }] } }] },
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] } }],
        usageMetadata: { totalTokenCount: 3 },
      },
      { candidates: [{ content: { role: 'model', parts: [{ text: ', world', thoughtSignature: 'sig' }] } }] },
      {
        candidates: [
          {
            content: { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { totalTokenCount: 9 },
        modelVersion: 'gemini-2.5-flash',
      },
    ]);
    expect(whole).toEqual({
      responseId: 'r1',
      modelVersion: 'gemini-2.5-flash',
      usageMetadata: { totalTokenCount: 9 },
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'Let me think harder.', thought: true },
              { text: 'Hello, world', thoughtSignature: 'sig' },
              { functionCall: { name: 'f', args: {} } },
            ],
          },
          finishReason: 'STOP',
          index: 0,
        },
      ],
    });
  });

  it('keeps a blocked prompt as Gemini returns it: no candidates, promptFeedback', () => {
    expect(
      aggregateChunks([
        { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 4 } },
      ]),
    ).toEqual({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 4 },
    });
  });
  it('joins streamed pieces of speech into one audio part, as generateContent answers it', () => {
    const pcm = 'audio/L16;codec=pcm;rate=24000';
    const piece = (bytes: number[]) => ({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ inlineData: { mimeType: pcm, data: Buffer.from(bytes).toString('base64') } }],
          },
        },
      ],
    });
    const whole = aggregateChunks([piece([1, 2]), piece([3, 4, 5]), piece([6])]);
    const parts = whole.candidates![0]!.content!.parts;
    expect(parts).toHaveLength(1);
    expect(Buffer.from(parts[0]!.inlineData!.data, 'base64')).toEqual(Buffer.from([1, 2, 3, 4, 5, 6]));
  });

  it('keeps images apart', () => {
    const image = { inlineData: { mimeType: 'image/png', data: 'AAAA' } };
    const whole = aggregateChunks([
      { candidates: [{ content: { role: 'model', parts: [image] } }] },
      { candidates: [{ content: { role: 'model', parts: [image] } }] },
    ]);
    expect(whole.candidates![0]!.content!.parts).toEqual([image, image]);
  });
});
