import { describe, expect, it } from 'vitest';
import { RotatingKeyPool } from './rotatingKeyPool.js';
import { isLease, type PoolKey } from './keyPool.js';

const key = (keyId: string, accountId: string, tier: 'primary' | 'backup'): PoolKey => ({
  keyId,
  accountId,
  projectId: `prj_${keyId}`,
  tier,
  apiKey: `secret-${keyId}`,
  masked: `…${keyId}`,
});

describe('RotatingKeyPool with a client policy', () => {
  const pool = new RotatingKeyPool();
  pool.load([key('a1', 'acc_a', 'primary'), key('b1', 'acc_b', 'backup'), key('a2', 'acc_a', 'primary')]);

  it('draws only on the allowed accounts and tiers', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const lease = pool.acquire('m', { allowedAccountIds: ['acc_b'] });
      if (isLease(lease)) seen.add(lease.keyId);
    }
    expect([...seen]).toEqual(['b1']);
    const backupOnly = pool.acquire('m', { allowedTiers: ['backup'] });
    expect(isLease(backupOnly) && backupOnly.keyId).toBe('b1');
  });

  it('never prefers a project outside the policy', () => {
    const lease = pool.acquire('m', { preferProjectId: 'prj_a1', allowedAccountIds: ['acc_b'] });
    expect(isLease(lease) && lease.keyId).toBe('b1');
  });

  it('reports an empty pool when the policy leaves no key, and ignores keys outside it when excluding', () => {
    expect(pool.acquire('m', { allowedAccountIds: ['acc_none'] })).toEqual({ kind: 'empty' });
    expect(pool.acquire('m', { allowedTiers: ['backup'], exclude: new Set(['b1']) })).toMatchObject({
      kind: 'all-cooling',
    });
  });
});
