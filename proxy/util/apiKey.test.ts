import { describe, expect, it } from 'vitest';
import {
  containsApiKey,
  describeMalformedProviderKey,
  isWellFormedApiKey,
  isWellFormedProviderKey,
  maskApiKeysIn,
} from './apiKey.js';

// Built at run time from pieces, so nothing shaped like a real key sits in the sources.
const gemini = `AIza${'G'.repeat(35)}`;
const dashscope = `sk-${'0123456789abcdef'.repeat(2)}`;
const openrouter = `sk-or-v1-${'ab12'.repeat(16)}`;

describe('API key shapes', () => {
  it.each([
    ['a Gemini key', gemini, true, true],
    ['a DashScope / DeepSeek key (sk- and 32 hex digits)', dashscope, false, true],
    ['an OpenRouter key', openrouter, false, true],
    ['a key of a service without the sk- prefix', `gsk_${'x'.repeat(40)}`, false, true],
    ['a sentence', 'this is not a key at all', false, false],
    ['a URL', 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1', false, false],
    ['half a key', 'sk-0123', false, false],
  ])('%s: Gemini %s, provider %s', (_what, candidate, asGemini, asProvider) => {
    expect(isWellFormedApiKey(candidate)).toBe(asGemini);
    expect(isWellFormedProviderKey(candidate)).toBe(asProvider);
  });

  it('masks Gemini and sk- keys found anywhere in a text', () => {
    const text = `calling with ${gemini} and then ${dashscope}; "key":"${openrouter}"`;
    expect(containsApiKey(text)).toBe(true);
    const masked = maskApiKeysIn(text);
    expect(masked).not.toContain(gemini);
    expect(masked).not.toContain(dashscope);
    expect(masked).not.toContain(openrouter);
    expect(masked).toContain(`sk-0…cdef`);
  });

  it('leaves short sk- words alone', () => {
    expect(containsApiKey('the sk-learn package')).toBe(false);
  });

  it('says why a provider key is refused without echoing it', () => {
    const message = describeMalformedProviderKey('sk-oops with spaces');
    expect(message).toContain('contains spaces');
    expect(message).not.toContain('oops');
  });
});
