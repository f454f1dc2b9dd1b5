import { describe, expect, it } from 'vitest';
import { newId, randomHex } from './ids.js';

describe('randomHex: ids a client is shown', () => {
  it('gives two hex digits per byte asked for', () => {
    for (const bytes of [1, 12, 16, 24])
      expect(randomHex(bytes)).toMatch(new RegExp(`^[0-9a-f]{${bytes * 2}}$`));
  });

  it('never repeats an id, across many refills of its pool', () => {
    // 24-byte ids: 4096 / 24 per pool, so 5,000 of them draw on the pool about 30 times.
    const ids = new Set(Array.from({ length: 5000 }, () => randomHex(24)));
    expect(ids.size).toBe(5000);
  });

  it('serves a request larger than its pool', () => {
    expect(randomHex(5000)).toMatch(/^[0-9a-f]{10000}$/);
  });
});

describe('newId', () => {
  it('is the prefix and an id without look-alike characters', () => {
    expect(newId('key')).toMatch(/^key_[a-km-np-z2-9]{10}$/);
  });
});
