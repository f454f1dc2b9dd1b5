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
});
