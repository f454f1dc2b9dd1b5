import { describe, expect, it } from 'vitest';
import { addUsage, answerUsage } from './usage.js';

const cut = {
  promptTokenCount: 120,
  cachedContentTokenCount: 64,
  candidatesTokenCount: 30,
  thoughtsTokenCount: 200,
  totalTokenCount: 350,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 120 }],
};
// The continuation re-sends the prompt plus the 30 tokens already written and the request to go on.
const continuation = {
  promptTokenCount: 170,
  candidatesTokenCount: 45,
  thoughtsTokenCount: 12,
  totalTokenCount: 227,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 170 }],
  candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 45 }],
};

describe('usage over attempts', () => {
  it('bills every attempt: all counts add up', () => {
    expect(addUsage(cut, continuation)).toMatchObject({
      promptTokenCount: 290,
      cachedContentTokenCount: 64,
      candidatesTokenCount: 75,
      thoughtsTokenCount: 212,
      totalTokenCount: 577,
    });
  });

  it('shows the client one answer: the prompt once, the output of every attempt', () => {
    expect(answerUsage([cut, continuation])).toEqual({
      promptTokenCount: 120,
      cachedContentTokenCount: 64,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 120 }],
      candidatesTokenCount: 75,
      thoughtsTokenCount: 212,
      totalTokenCount: 120 + 75 + 212,
    });
  });

  it('takes the prompt from the first attempt that reported usage (one cut before its first chunk)', () => {
    const replay = { promptTokenCount: 120, candidatesTokenCount: 75, totalTokenCount: 195 };
    expect(answerUsage([undefined, replay])).toEqual(replay);
    expect(answerUsage([undefined, undefined])).toBeUndefined();
  });

  it('leaves a single attempt as Gemini reported it', () => {
    expect(answerUsage([continuation])).toEqual(continuation);
  });
});
