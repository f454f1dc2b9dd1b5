import { describe, expect, it } from 'vitest';
import type { GeminiModel } from '../../gemini/types.js';
import { toModelList } from './toModelList.js';

const model = (id: string, methods = ['generateContent', 'countTokens']): GeminiModel => ({
  name: `models/${id}`,
  displayName: id.toUpperCase(),
  inputTokenLimit: 1000,
  outputTokenLimit: 100,
  supportedGenerationMethods: methods,
});
const MODELS = [model('a'), model('b'), model('embed', ['embedContent']), model('c'), model('d')];
const ids = (page: ReturnType<typeof toModelList>) => page.data.map((m) => m.id);

describe('toModelList', () => {
  it('lists the models that generate text, as Anthropic shows a model', () => {
    const page = toModelList(MODELS);
    expect(ids(page)).toEqual(['a', 'b', 'c', 'd']);
    expect(page.data[0]).toEqual({
      type: 'model',
      id: 'a',
      display_name: 'A',
      created_at: '1970-01-01T00:00:00Z',
      max_input_tokens: 1000,
      max_tokens: 100,
    });
    expect(page).toMatchObject({ has_more: false, first_id: 'a', last_id: 'd' });
  });

  it.each([
    ['limit', { limit: 2 }, ['a', 'b'], true],
    ['after_id', { limit: 2, afterId: 'b' }, ['c', 'd'], false],
    ['before_id', { limit: 2, beforeId: 'd' }, ['b', 'c'], true],
    ['before_id at the start', { limit: 5, beforeId: 'b' }, ['a'], false],
  ])('pages by %s', (_name, page, expected, more) => {
    const list = toModelList(MODELS, page);
    expect(ids(list)).toEqual(expected);
    expect(list.has_more).toBe(more);
  });
});
