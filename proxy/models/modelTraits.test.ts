import { describe, expect, it } from 'vitest';
import { leastThinking, modelTraits, normaliseModelName } from './modelTraits.js';

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
    // The models Google serves as of December 2026 (ai.google.dev/gemini-api/docs/models; Gemini 3.5
    // Flash's developer guide lists thinking levels for 3.5 Flash, 3.1 Pro and 3.1 Flash-Lite).
    ['gemini-3.8-flash', 'level', 'flash', true],
    ['gemini-3.6-flash', 'level', 'flash', true],
    ['gemini-3.5-flash', 'level', 'flash', true],
    ['gemini-3.5-flash-lite', 'level', 'flash-lite', true],
    ['gemini-3.1-flash-lite', 'level', 'flash-lite', true],
    ['gemini-3.1-pro-preview', 'level', 'pro', true],
    ['gemini-2.5-pro', 'budget', 'pro', false],
    ['gemini-2.5-flash-lite', 'budget', 'flash-lite', false],
    ['gemini-flash-latest', 'budget', 'flash', false],
    // Retired (shut down 2026-06-01), kept to show it is not taken for a thinking model.
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

describe('leastThinking follows the levels each Gemini 3 model accepts', () => {
  // Gemini 3.5 Flash's developer guide (docs.cloud.google.com/gemini-enterprise-agent-platform/models/guides/gemini-3-5-flash,
  // read 2026-12-07): Flash and Flash-Lite MINIMAL to HIGH, 3.1 Pro LOW to HIGH.
  it.each([
    ['gemini-3.5-flash', 'minimal'],
    ['gemini-3.5-flash-lite', 'minimal'],
    ['gemini-3.1-flash-lite', 'minimal'],
    ['gemini-3.8-flash', 'minimal'],
    ['gemini-3.1-pro-preview', 'low'],
  ] as const)('%s: %s', (model, level) => {
    expect(leastThinking(modelTraits(model))).toEqual({ thinkingLevel: level });
  });
});
