import { describe, expect, it } from 'vitest';
import { readGoogleExtras } from './googleExtras.js';
import { parseChatRequest } from './parseChatRequest.js';

const base = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] };

describe('readGoogleExtras', () => {
  it('reads extra_body.google in snake case, as Google documents it', () => {
    const request = parseChatRequest({
      ...base,
      extra_body: {
        google: {
          thinking_config: { thinking_budget: 800, include_thoughts: true },
          cached_content: 'cachedContents/abc',
          safety_settings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
        },
      },
    });
    expect(readGoogleExtras(request)).toEqual({
      thinkingBudget: 800,
      includeThoughts: true,
      cachedContent: 'cachedContents/abc',
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
    });
  });

  it('lets extra_body win over a top-level google object field by field', () => {
    const request = parseChatRequest({
      ...base,
      google: { cachedContent: 'cachedContents/top', thinkingConfig: { thinkingBudget: 1 } },
      extra_body: { google: { thinking_config: { thinking_budget: 2 } } },
    });
    expect(readGoogleExtras(request)).toEqual({ cachedContent: 'cachedContents/top', thinkingBudget: 2 });
  });

  it('is empty when the client sent no extras', () => {
    expect(readGoogleExtras(parseChatRequest(base))).toEqual({});
  });
});
