import { describe, expect, it } from 'vitest';
import { geminiForClaude } from './claudeModels.js';

describe('geminiForClaude', () => {
  it.each([
    ['claude-haiku-4-5-20251001', 'gemini-2.5-flash'],
    ['claude-3-5-haiku-20241022', 'gemini-2.5-flash'],
    ['claude-sonnet-4-5-20250929', 'gemini-2.5-pro'],
    ['claude-3-7-sonnet-latest', 'gemini-2.5-pro'],
    ['claude-opus-4-1', 'gemini-2.5-pro'],
    ['claude-fable-5', 'gemini-2.5-pro'],
    ['gemini-2.5-flash', undefined],
    ['gpt-4o', undefined],
  ])('%s -> %s', (claude, gemini) => {
    expect(geminiForClaude(claude)).toBe(gemini);
  });
});
