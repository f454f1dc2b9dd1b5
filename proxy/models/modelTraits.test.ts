import { describe, expect, it } from 'vitest';
import { modelTraits, normaliseModelName } from './modelTraits.js';

describe('normaliseModelName', () => {
  it.each([
    ['gemini-2.5-flash', 'gemini-2.5-flash'],
    ['models/gemini-2.5-flash', 'gemini-2.5-flash'],
    ['google/gemini-3-pro-preview', 'gemini-3-pro-preview'],
    ['google/models/gemini-3-pro-preview', 'gemini-3-pro-preview'],
    ['  gemini-2.5-pro ', 'gemini-2.5-pro'],
  ])('%s -> %s', (input, expected) => {
    expect(normaliseModelName(input)).toBe(expected);
  });
});

describe('modelTraits', () => {
  it.each([
    ['gemini-3-pro-preview', 'level', 'pro', true],
    ['gemini-3-flash-preview', 'level', 'flash', true],
    ['models/gemini-3.1-flash-lite-preview', 'level', 'flash-lite', true],
    ['gemini-2.5-pro', 'budget', 'pro', false],
    ['gemini-2.5-flash-lite', 'budget', 'flash-lite', false],
    ['gemini-flash-latest', 'budget', 'flash', false],
    ['gemini-2.0-flash', 'none', 'flash', false],
    ['gemini-2.5-flash-image', 'none', 'flash', false],
    ['gemini-2.5-flash-preview-tts', 'none', 'flash', false],
    ['gemma-3-27b-it', 'none', 'other', false],
  ] as const)('%s thinks by %s', (model, thinking, tier, requiresThoughtSignatures) => {
    expect(modelTraits(model)).toEqual({
      thinking,
      tier,
      requiresThoughtSignatures,
      rejectsTrailingModelTurn: requiresThoughtSignatures,
    });
  });
});
