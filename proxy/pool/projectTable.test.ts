import { describe, expect, it } from 'vitest';
import type { PoolKey } from './keyPool.js';
import { hasUntriedKey, ProjectTable, takeKey } from './projectTable.js';
import type { Tier } from './tier.js';

function key(keyId: string, projectId: string, tier: Tier = 'primary', accountId = 'acc'): PoolKey {
  return { keyId, projectId, accountId, tier, apiKey: `secret-${keyId}`, masked: `…${keyId}` };
}

const ids = (keys: readonly PoolKey[]) => keys.map((k) => k.keyId);

describe('project table', () => {
  it('groups keys by project, in the order given, and lists each tier’s projects by slot', () => {
    const table = new ProjectTable();
    table.load([key('a1', 'pa'), key('s1', 'ps', 'backup'), key('b1', 'pb'), key('a2', 'pa')]);
    expect(table.all().map((p) => [p.id, p.slot, ids(p.keys)])).toEqual([
      ['pa', 0, ['a1', 'a2']],
      ['ps', 1, ['s1']],
      ['pb', 2, ['b1']],
    ]);
    expect(Array.from(table.slotsOfTier(0))).toEqual([0, 2]);
    expect(Array.from(table.slotsOfTier(1))).toEqual([1]);
    expect(table.find('pb')?.slot).toBe(2);
    expect(table.find('nope')).toBeUndefined();
    expect(table.keyCount()).toBe(4);
    expect(table.keyCount([0])).toBe(2);
  });

  it('takes a project’s keys in turn, skipping the ones this request already tried', () => {
    const table = new ProjectTable();
    table.load([key('k0', 'p'), key('k1', 'p'), key('k2', 'p')]);
    const project = table.at(0);
    expect([1, 2, 3, 4].map(() => takeKey(project, undefined).keyId)).toEqual(['k0', 'k1', 'k2', 'k0']);
    const tried = new Set(['k1', 'k2']);
    expect(takeKey(project, tried).keyId).toBe('k0');
    expect(hasUntriedKey(project, tried)).toBe(true);
    expect(hasUntriedKey(project, new Set(['k0', 'k1', 'k2']))).toBe(false);
    expect(() => takeKey(project, new Set(['k0', 'k1', 'k2']))).toThrow(/no untried key/);
  });

  it('keeps each remaining project’s place in its key rotation when reloaded, and says where each project was', () => {
    const table = new ProjectTable();
    table.load([key('a1', 'pa'), key('a2', 'pa'), key('b1', 'pb')]);
    takeKey(table.find('pa')!, undefined);
    const previous = table.load([key('c1', 'pc'), key('a1', 'pa'), key('a2', 'pa')]);
    expect(Array.from(previous)).toEqual([-1, 0]);
    expect(takeKey(table.find('pa')!, undefined).keyId).toBe('a2');
    // A project that lost keys starts its rotation over rather than point past its last key.
    table.load([key('a1', 'pa')]);
    expect(table.find('pa')!.keyCursor).toBe(0);
  });

  it('removes a refused key at once, the rotation going on with the key after it', () => {
    const table = new ProjectTable();
    table.load([key('k0', 'p'), key('k1', 'p'), key('k2', 'p')]);
    const project = table.at(0);
    takeKey(project, undefined);
    takeKey(project, undefined); // k2 is next
    expect(table.removeKey('k0')?.keyId).toBe('k0');
    expect(ids(project.keys)).toEqual(['k1', 'k2']);
    expect(takeKey(project, undefined).keyId).toBe('k2');
    expect(table.removeKey('k0')).toBeUndefined();
    expect(table.removeKey('unknown')).toBeUndefined();
    expect(table.keyCount()).toBe(2);
  });

  it('tells a pool whose keys all died from one that never had any', () => {
    const empty = new ProjectTable();
    expect(empty.hadKeys()).toBe(false);
    empty.load([], 2);
    expect(empty.hadKeys()).toBe(true);

    const table = new ProjectTable();
    table.load([key('k0', 'p')]);
    table.removeKey('k0');
    expect(table.keyCount()).toBe(0);
    expect(table.hadKeys()).toBe(true);
  });
});
