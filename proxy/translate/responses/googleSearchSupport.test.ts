import { describe, expect, it } from 'vitest';
import { combinesSearchWithFunctions, supportsGoogleSearch } from './googleSearchSupport.js';

describe('supportsGoogleSearch', () => {
  it.each<[string, boolean]>([
    ['gemini-3-pro-preview', true],
    ['gemini-3-flash-preview', true],
    ['gemini-3-pro-image-preview', true],
    ['gemini-2.5-pro', true],
    ['gemini-2.5-flash', true],
    ['models/gemini-2.5-flash-lite', true],
    ['gemini-flash-latest', true],
    ['gemini-2.0-flash', true],
    ['gemini-2.0-flash-lite', false],
    ['gemini-2.5-flash-image', false],
    ['gemini-2.5-flash-preview-tts', false],
    ['gemini-1.5-pro', false],
    ['gemma-3-27b-it', false],
    ['gemini-embedding-001', false],
    ['my-tuned-model', false],
  ])('%s: %s', (model, expected) => {
    expect(supportsGoogleSearch(model)).toBe(expected);
  });
});

describe('combinesSearchWithFunctions', () => {
  it.each<[string, boolean]>([
    ['gemini-3-pro-preview', true],
    ['gemini-3-flash-preview', true],
    ['models/gemini-3.1-flash-lite-preview', true],
    ['gemini-pro-latest', true],
    ['gemini-flash-latest', true],
    ['gemini-flash-lite-latest', false],
    ['gemini-2.5-pro', false],
    ['gemini-2.5-flash', false],
    ['gemini-2.0-flash', false],
    ['gemini-2.5-flash-preview-tts', false],
    ['gemma-3-27b-it', false],
  ])('%s: %s', (model, expected) => {
    expect(combinesSearchWithFunctions(model)).toBe(expected);
  });
});
