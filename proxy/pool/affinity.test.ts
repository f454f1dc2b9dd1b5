import { describe, expect, it } from 'vitest';
import { affinityOf, StickyTable } from './affinity.js';

const user = (text: string) => ({ role: 'user', parts: [{ text }] });
const model = (text: string) => ({ role: 'model', parts: [{ text, thoughtSignature: 'c2ln' }] });

describe('conversation affinity', () => {
  it('is the same for every turn of a conversation, and follows once the model has spoken', () => {
    const system = { parts: [{ text: 'You are terse.' }] };
    const first = affinityOf({ systemInstruction: system, contents: [user('Plan a trip')] });
    const later = affinityOf({
      systemInstruction: system,
      contents: [user('Plan a trip'), model('Where to?'), user('Kyoto')],
    });
    expect(first).toEqual({ key: later!.key, follow: false });
    expect(later!.follow).toBe(true);
  });

  it('differs between conversations and system instructions', () => {
    const a = affinityOf({ contents: [user('Plan a trip')] })!.key;
    expect(affinityOf({ contents: [user('Plan a party')] })!.key).not.toBe(a);
    expect(
      affinityOf({ systemInstruction: { parts: [{ text: 'x' }] }, contents: [user('Plan a trip')] })!.key,
    ).not.toBe(a);
  });

  it('tells apart long first turns that differ only past the hashed head', () => {
    const head = 'x'.repeat(10_000);
    expect(affinityOf({ contents: [user(`${head}a`)] })!.key).not.toBe(
      affinityOf({ contents: [user(`${head}b`)] })!.key,
    );
  });

  it('has nothing to say about a body without contents', () => {
    expect(affinityOf(undefined)).toBeUndefined();
    expect(affinityOf({ contents: [] })).toBeUndefined();
    expect(affinityOf({ contents: 'nope' })).toBeUndefined();
  });

  it('forgets the least recently used conversation when full', () => {
    const table = new StickyTable(2);
    table.set('a', 'p1');
    table.set('b', 'p2');
    table.set('a', 'p1');
    table.set('c', 'p3');
    expect([table.get('a'), table.get('b'), table.get('c'), table.size]).toEqual(['p1', undefined, 'p3', 2]);
  });
});
