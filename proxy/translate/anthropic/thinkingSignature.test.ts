import { describe, expect, it } from 'vitest';
import { fromThinkingSignature, toThinkingSignature } from './thinkingSignature.js';

describe('thinking signatures', () => {
  it("carry Gemini's signature there and back", () => {
    expect(toThinkingSignature('CtEBAXLI2nw=')).toBe('gemini:CtEBAXLI2nw=');
    expect(fromThinkingSignature(toThinkingSignature('CtEBAXLI2nw='))).toBe('CtEBAXLI2nw=');
  });

  it.each([
    ["one Claude's API minted", 'EqQBCkgIARABGAIiQL8'],
    ['an empty one', ''],
    ['only the prefix', 'gemini:'],
    ['none', undefined],
  ])('give Gemini nothing for %s', (_name, signature) => {
    expect(fromThinkingSignature(signature)).toBeUndefined();
  });
});
