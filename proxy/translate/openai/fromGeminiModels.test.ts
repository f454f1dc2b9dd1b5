import { describe, expect, it } from 'vitest';
import type { ListModelsResponse } from '../../gemini/types.js';
import { fromGeminiModels } from './fromGeminiModels.js';

// Shape: https://ai.google.dev/api/models#method:-models.list (two pages, as with pageSize).
const page1: ListModelsResponse = {
  models: [
    {
      name: 'models/gemini-2.5-flash',
      displayName: 'Gemini 2.5 Flash',
      inputTokenLimit: 1048576,
      outputTokenLimit: 65536,
      supportedGenerationMethods: [
        'generateContent',
        'countTokens',
        'createCachedContent',
        'batchGenerateContent',
      ],
      thinking: true,
    },
    { name: 'models/gemini-embedding-001', supportedGenerationMethods: ['embedContent', 'countTextTokens'] },
    { name: 'models/imagen-4.0-generate-001', supportedGenerationMethods: ['predict'] },
    { name: 'models/veo-3.0-generate-001', supportedGenerationMethods: ['predictLongRunning'] },
  ],
  nextPageToken: 'abc',
};
const page2: ListModelsResponse = {
  models: [
    { name: 'models/gemini-3-pro-preview', supportedGenerationMethods: ['generateContent'] },
    { name: 'models/gemini-2.5-flash', supportedGenerationMethods: ['generateContent'] },
  ],
};

describe('fromGeminiModels', () => {
  it('lists chat, embedding and Imagen models (not Veo) without the models/ prefix, once each, in order', () => {
    expect(fromGeminiModels([page1, page2], { created: 1_700_000_000 })).toEqual({
      object: 'list',
      data: [
        { id: 'gemini-2.5-flash', object: 'model', created: 1_700_000_000, owned_by: 'google' },
        { id: 'gemini-embedding-001', object: 'model', created: 1_700_000_000, owned_by: 'google' },
        { id: 'imagen-4.0-generate-001', object: 'model', created: 1_700_000_000, owned_by: 'google' },
        { id: 'gemini-3-pro-preview', object: 'model', created: 1_700_000_000, owned_by: 'google' },
      ],
    });
  });

  it('takes a single page and defaults created to 0', () => {
    expect(fromGeminiModels(page2).data[0]).toEqual({
      id: 'gemini-3-pro-preview',
      object: 'model',
      created: 0,
      owned_by: 'google',
    });
  });
});
