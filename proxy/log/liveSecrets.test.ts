import { describe, expect, it } from 'vitest';
import { SecretRegistry } from './liveSecrets.js';

describe('SecretRegistry: secrets masked by value, whatever their shape', () => {
  // Built from parts, so that nothing shaped like a real key sits in the repository for scanners.
  const groq = ['gsk', '_', 'test'.repeat(7), '3b4c'].join('');
  const bare = '0123456789abcdef0123456789abcdef';
  const gemini = ['AI', 'za', 'Sy', 'not-a-real-key'.padEnd(31, '-'), '5p6Q'].join('');

  it.each<[string, string, string]>([
    [
      'a key quoted in an error',
      `Incorrect API key provided: ${groq}.`,
      'Incorrect API key provided: gsk_…3b4c.',
    ],
    ['a bare key, twice', `${bare} and ${bare}`, '0123…cdef and 0123…cdef'],
    ['a key inside a URL', `https://x.test/?key=${gemini}&alt=sse`, 'https://x.test/?key=AIza…5p6Q&alt=sse'],
    ['nothing to mask', 'an ordinary message', 'an ordinary message'],
    ['a key cut short is not that key', groq.slice(0, 20), groq.slice(0, 20)],
  ])('%s', (_name, text, masked) => {
    const registry = new SecretRegistry();
    for (const secret of [groq, bare, gemini]) registry.add(secret);
    expect(registry.mask(text)).toBe(masked);
  });

  it('ignores values too short to be secrets, and forgets one deleted', () => {
    const registry = new SecretRegistry();
    registry.add('short');
    registry.add(groq);
    registry.add(groq);
    expect(registry.size).toBe(1);
    expect(registry.mask('short')).toBe('short');
    registry.delete(groq);
    expect(registry.mask(groq)).toBe(groq);
  });

  it('masks the longer of two secrets that begin alike', () => {
    const registry = new SecretRegistry();
    registry.add(`${bare}`);
    registry.add(`${bare}EXTRA`);
    expect(registry.mask(`x ${bare}EXTRA y`)).toBe('x 0123…XTRA y');
  });
});
