import { describe, expect, it } from 'vitest';
import { LruThoughtSignatureStore } from './thoughtSignatureStore.js';

describe('LruThoughtSignatureStore', () => {
  it('recalls what it remembered', () => {
    const store = new LruThoughtSignatureStore();
    store.remember('call_1', 'sig-1');
    expect(store.recall('call_1')).toBe('sig-1');
    expect(store.recall('call_2')).toBeUndefined();
  });

  it('forgets the least recently used call first when full', () => {
    const store = new LruThoughtSignatureStore({ maxEntries: 2 });
    store.remember('a', '1');
    store.remember('b', '2');
    store.recall('a'); // a is now more recent than b
    store.remember('c', '3');
    expect(store.recall('b')).toBeUndefined();
    expect(store.recall('a')).toBe('1');
    expect(store.recall('c')).toBe('3');
    expect(store.size).toBe(2);
  });

  it('is bounded by total signature size too', () => {
    const store = new LruThoughtSignatureStore({ maxChars: 10 });
    store.remember('a', '123456');
    store.remember('b', '123456');
    expect(store.recall('a')).toBeUndefined();
    expect(store.recall('b')).toBe('123456');
  });

  it('replacing a signature does not leak its size', () => {
    const store = new LruThoughtSignatureStore({ maxChars: 10 });
    store.remember('a', '12345678');
    store.remember('a', '12345678');
    store.remember('b', '12');
    expect(store.recall('a')).toBe('12345678');
    expect(store.recall('b')).toBe('12');
  });
});
