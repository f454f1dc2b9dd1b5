import { describe, expect, it } from 'vitest';
import type { GenerateContentRequest } from '../../gemini/types.js';
import { continuationRequest } from './continuation.js';

const state = { visibleSoFar: 'The answer so f', outputTokensSoFar: 40 };

function thinkingOf(model: string, request: GenerateContentRequest, thinking: 'least' | 'same' = 'least') {
  return continuationRequest(request, state, { model, thinking }).generationConfig?.thinkingConfig;
}

const plain: GenerateContentRequest = { contents: [{ role: 'user', parts: [{ text: 'Explain.' }] }] };

describe('continuation thinking', () => {
  it('thinks as little as each model accepts', () => {
    expect(thinkingOf('gemini-2.5-flash', plain)).toEqual({ thinkingBudget: 0 });
    expect(thinkingOf('gemini-2.5-flash-lite', plain)).toEqual({ thinkingBudget: 0 });
    // 2.5 Pro refuses a budget of 0 ("This model only works in thinking mode").
    expect(thinkingOf('gemini-2.5-pro', plain)).toEqual({ thinkingBudget: 128 });
    // Gemini 3 Pro takes only low and high; Flash goes down to minimal.
    expect(thinkingOf('gemini-3-pro-preview', plain)).toEqual({ thinkingLevel: 'low' });
    expect(thinkingOf('models/gemini-3-flash-preview', plain)).toEqual({ thinkingLevel: 'minimal' });
  });

  it("replaces the client's setting, never sending both a level and a budget, and keeps includeThoughts", () => {
    const request: GenerateContentRequest = {
      ...plain,
      generationConfig: {
        temperature: 0.2,
        thinkingConfig: { thinkingBudget: 24576, includeThoughts: true },
      },
    };
    const next = continuationRequest(request, state, { model: 'gemini-3-pro-preview', thinking: 'least' });
    expect(next.generationConfig).toEqual({
      temperature: 0.2,
      thinkingConfig: { thinkingLevel: 'low', includeThoughts: true },
    });
    // The original request is left as it was (it is replayed as is if the answer must start over).
    expect(request.generationConfig?.thinkingConfig).toEqual({
      thinkingBudget: 24576,
      includeThoughts: true,
    });
  });

  it("leaves models that do not think alone, and keeps the client's setting when asked to", () => {
    expect(thinkingOf('gemini-2.0-flash', plain)).toBeUndefined();
    expect(thinkingOf('gemini-2.5-flash-image', plain)).toBeUndefined();
    expect(thinkingOf('gemini-3-pro-image-preview', plain)).toBeUndefined();
    const request: GenerateContentRequest = {
      ...plain,
      generationConfig: { thinkingConfig: { thinkingLevel: 'high' } },
    };
    expect(thinkingOf('gemini-3-pro-preview', request, 'same')).toEqual({ thinkingLevel: 'high' });
    expect(thinkingOf('gemini-2.5-flash', plain, 'same')).toBeUndefined();
  });
});
