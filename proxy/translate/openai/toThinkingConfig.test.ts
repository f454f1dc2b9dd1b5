import { describe, expect, it } from 'vitest';
import { readGoogleExtras } from './googleExtras.js';
import { modelTraits } from '../../models/modelTraits.js';
import { parseChatRequest } from './parseChatRequest.js';
import { toThinkingConfig, type ThinkingOptions } from './toThinkingConfig.js';

function thinkingFor(body: Record<string, unknown>, options?: ThinkingOptions) {
  const request = parseChatRequest({ messages: [{ role: 'user', content: 'hi' }], ...body });
  return toThinkingConfig(request, readGoogleExtras(request), modelTraits(request.model), options);
}

describe('toThinkingConfig', () => {
  it('reasoning_effort -> thinkingLevel on Gemini 3, with thoughts shown because reasoning was asked for', () => {
    expect(thinkingFor({ model: 'gemini-3-flash-preview', reasoning_effort: 'medium' })).toEqual({
      thinkingLevel: 'medium',
      includeThoughts: true,
    });
  });

  it('reasoning_effort -> thinkingBudget on 2.5', () => {
    expect(thinkingFor({ model: 'gemini-2.5-flash', reasoning_effort: 'high' })).toEqual({
      thinkingBudget: 24576,
      includeThoughts: true,
    });
  });

  it('reasoning_effort none turns thinking down without asking for thoughts', () => {
    expect(thinkingFor({ model: 'gemini-2.5-flash', reasoning_effort: 'none' })).toEqual({
      thinkingBudget: 0,
    });
  });

  it("Cherry Studio's extra_body.google.thinking_config wins over reasoning_effort", () => {
    expect(
      thinkingFor({
        model: 'gemini-2.5-pro',
        reasoning_effort: 'low',
        extra_body: { google: { thinking_config: { thinking_budget: 13000, include_thoughts: true } } },
      }),
    ).toEqual({ thinkingBudget: 13000, includeThoughts: true });
  });

  it('a merged top-level google.thinking_config and camelCase spellings work too', () => {
    expect(
      thinkingFor({ model: 'gemini-3-pro-preview', google: { thinkingConfig: { thinkingLevel: 'low' } } }),
    ).toEqual({ thinkingLevel: 'low' });
  });

  it('never forwards both a level and a budget: keeps the one the model family takes', () => {
    const both = {
      extra_body: { google: { thinking_config: { thinking_budget: 1024, thinking_level: 'high' } } },
    };
    expect(thinkingFor({ model: 'gemini-3-pro-preview', ...both })).toEqual({ thinkingLevel: 'high' });
    expect(thinkingFor({ model: 'gemini-2.5-flash', ...both })).toEqual({ thinkingBudget: 1024 });
  });

  it('sends no thinkingConfig when nothing asks for one', () => {
    expect(thinkingFor({ model: 'gemini-3-pro-preview' })).toBeUndefined();
    expect(thinkingFor({ model: 'gemini-2.0-flash', reasoning_effort: 'high' })).toBeUndefined();
  });

  it('the gateway default can ask for thought summaries on thinking models only', () => {
    expect(thinkingFor({ model: 'gemini-2.5-flash' }, { includeThoughtsByDefault: true })).toEqual({
      includeThoughts: true,
    });
    expect(thinkingFor({ model: 'gemma-3-27b-it' }, { includeThoughtsByDefault: true })).toBeUndefined();
    expect(
      thinkingFor(
        {
          model: 'gemini-2.5-flash',
          extra_body: { google: { thinking_config: { include_thoughts: false } } },
        },
        { includeThoughtsByDefault: true },
      ),
    ).toEqual({ includeThoughts: false });
  });
});
