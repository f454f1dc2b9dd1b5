import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { dialectOf } from './dialect.js';

const request = (path: string, headers: Record<string, string> = {}, query: Record<string, string> = {}) =>
  ({ path, headers, query }) as unknown as Request;

describe('dialectOf: which API the caller speaks, so that its errors come in its shape', () => {
  it.each([
    ['chat completions', request('/v1/chat/completions'), 'openai'],
    ["Google's OpenAI path", request('/v1beta/openai/chat/completions'), 'openai'],
    ['a Gemini action', request('/v1beta/models/gemini-2.5-flash:generateContent'), 'gemini'],
    ['models, asked the Gemini way', request('/v1/models', { 'x-goog-api-key': 'k' }), 'gemini'],
    ['models, asked the OpenAI way', request('/v1/models', { authorization: 'Bearer k' }), 'openai'],
    ['Messages', request('/v1/messages'), 'anthropic'],
    ['count_tokens', request('/v1/messages/count_tokens'), 'anthropic'],
    [
      'models, asked the Anthropic way',
      request('/v1/models', { 'anthropic-version': '2023-06-01' }),
      'anthropic',
    ],
    [
      'an unknown path, asked the Anthropic way',
      request('/v1/nothing', { 'anthropic-version': '2023-06-01' }),
      'anthropic',
    ],
    [
      "OpenAI's routes, whatever a relay passes along",
      request('/v1/chat/completions', { 'anthropic-version': '2023-06-01' }),
      'openai',
    ],
    [
      'Gemini’s key wins on a shared path',
      request('/v1/models', { 'anthropic-version': '2023-06-01' }, { key: 'k' }),
      'gemini',
    ],
  ])('%s', (_name, req, dialect) => {
    expect(dialectOf(req)).toBe(dialect);
  });
});
