import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../store/openStore.js';
import { CHANGE_RECHECK_MS } from '../store/changeWatch.js';
import { PolicyRepository } from './policyRepository.js';
import { tempDataDir } from '../../test/support/dataDir.js';

describe('PolicyRepository reads, remembered between requests', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('applies a change made through it to the next read, and one made elsewhere within the interval', () => {
    const { dir, cleanup } = tempDataDir('policies');
    const store = openStore(dir);
    const cli = openStore(dir);
    cleanups.push(() => {
      store.close();
      cli.close();
      cleanup();
    });
    const { record } = store.tokens.create('phone');
    const gateway = new PolicyRepository(store.db);
    const t0 = 5_000_000;
    expect(gateway.get(record.id, t0)).toEqual({});
    gateway.set(record.id, { allowModels: ['gemini-2.5-flash'] });
    expect(gateway.get(record.id, t0 + 1)).toEqual({ allowModels: ['gemini-2.5-flash'] });

    new PolicyRepository(cli.db).set(record.id, { allowModels: ['gemini-2.5-pro'] });
    expect(gateway.get(record.id, t0 + 1 + CHANGE_RECHECK_MS)).toEqual({ allowModels: ['gemini-2.5-pro'] });
  });
});
