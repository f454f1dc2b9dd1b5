import { describe, expect, it } from 'vitest';
import { fallbackChains, parseSetting } from './settings.js';

/** models.fallbacks: the setting the failover loop reads to try other models on a 503 overload. */
describe('the models.fallbacks setting', () => {
  it('reads model=fallback|fallback entries, from the CLI (text) or the admin API (a list)', () => {
    const text = parseSetting(
      'models.fallbacks',
      ' gemini-3-pro-preview=gemini-2.5-pro|gemini-2.5-flash , qwen/qwen-max=qwen/qwen-plus',
    );
    expect(text).toEqual([
      'gemini-3-pro-preview=gemini-2.5-pro|gemini-2.5-flash',
      'qwen/qwen-max=qwen/qwen-plus',
    ]);
    expect(parseSetting('models.fallbacks', text)).toEqual(text);
    expect(fallbackChains(text)).toEqual(
      new Map([
        ['gemini-3-pro-preview', ['gemini-2.5-pro', 'gemini-2.5-flash']],
        ['qwen/qwen-max', ['qwen/qwen-plus']],
      ]),
    );
    expect(parseSetting('models.fallbacks', '')).toEqual([]);
  });

  it.each([
    ['gemini-3-pro-preview', /an entry such as/],
    ['gemini-3-pro-preview=', /an entry such as/],
    ['a=b|c|d|e|f|g', /an entry such as/],
    ['a b=c', /an entry such as/],
    ['gemini-2.5-pro=gemini-2.5-flash|gemini-2.5-pro', /its own fallback/],
    ['a=b,a=c', /named once/],
  ])('refuses %s', (value, message) => {
    expect(() => parseSetting('models.fallbacks', value)).toThrow(message);
  });
});
