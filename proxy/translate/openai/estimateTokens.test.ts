import { describe, expect, it } from 'vitest';
import { estimateTokens } from './estimateTokens.js';

describe('estimateTokens', () => {
  it('about four characters per token for Latin text', () => {
    expect(estimateTokens('The quick brown fox.')).toBe(5);
  });

  it('about one token per CJK character', () => {
    expect(estimateTokens('你好世界')).toBe(4);
    expect(estimateTokens('こんにちは')).toBe(5);
  });

  it('never estimates zero for non-empty text', () => {
    expect(estimateTokens('a')).toBe(1);
    expect(estimateTokens('')).toBe(0);
  });
});
