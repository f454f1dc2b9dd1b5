import { describe, expect, it } from 'vitest';
import type { ToolConfig } from '../../gemini/types.js';
import {
  combinesSearchWithFunctions,
  supportsGoogleSearch,
  withGoogleSearch,
  type GeminiTools,
} from './googleSearchSupport.js';

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

describe('withGoogleSearch', () => {
  const f = { name: 'f' };
  const auto: ToolConfig = { functionCallingConfig: { mode: 'AUTO' } };
  const none: ToolConfig = { functionCallingConfig: { mode: 'NONE' } };
  const functions = { tools: [{ functionDeclarations: [f] }] };
  const both = { tools: [{ functionDeclarations: [f] }, { googleSearch: {} }] };
  const search = { tools: [{ googleSearch: {} }] };
  // model, functions declared, search asked, tool choice none, tool config of the choice -> sent
  it.each<[string, number, boolean, boolean, ToolConfig | undefined, GeminiTools]>([
    ['gemini-2.5-flash', 1, false, false, auto, { ...functions, toolConfig: auto }],
    ['gemini-2.5-flash', 0, true, false, undefined, search],
    ['gemini-3-pro-preview', 0, true, false, undefined, search],
    [
      'gemini-3-pro-preview',
      1,
      true,
      false,
      auto,
      { ...both, toolConfig: { ...auto, includeServerSideToolInvocations: true } },
    ],
    [
      'gemini-flash-latest',
      1,
      true,
      false,
      undefined,
      { ...both, toolConfig: { includeServerSideToolInvocations: true } },
    ],
    ['gemini-2.5-flash', 1, true, false, undefined, { ...functions, dropped: ['web_search'] }],
    [
      'gemini-flash-lite-latest',
      1,
      true,
      false,
      auto,
      { ...functions, toolConfig: auto, dropped: ['web_search'] },
    ],
    ['gemini-2.5-flash', 1, true, true, none, { ...functions, toolConfig: none }],
    ['gemini-3-flash-preview', 1, true, true, none, { ...functions, toolConfig: none }],
    ['gemini-2.5-flash', 0, true, true, undefined, {}],
  ])(
    '%s, %i function(s), search %s, choice none %s',
    (model, count, asked, choiceIsNone, toolConfig, expected) => {
      const declarations = Array.from({ length: count }, () => f);
      expect(
        withGoogleSearch(model, { declarations, search: asked, choiceIsNone, toolConfig }),
      ).toStrictEqual(expected);
    },
  );
});
