import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './openStore.js';
import { PoolStateRepository } from './poolState.js';
import { PoolLimitRepository } from './poolLimits.js';
import { tempDataDir } from '../../test/support/dataDir.js';

describe('pool state in the database', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function open(): { store: Store; projectId: string } {
    const { dir, cleanup } = tempDataDir('pool-state');
    const store = openStore(dir);
    cleanups.push(() => {
      store.close();
      cleanup();
    });
    const account = store.accounts.create('alice', 'primary');
    return { store, projectId: store.projects.create(account.id, 'p', null).id };
  }

  const counter = (projectId: string, dayRequests: number) => ({
    projectId,
    model: 'gemini-2.5-flash',
    minuteStart: 60_000,
    minuteRequests: 1,
    minuteTokens: 10,
    dayEnd: 86_400_000,
    dayRequests,
  });

  it('saves and reads counters and cooldowns; drops all-zero counters and rows of removed projects', () => {
    const { store, projectId } = open();
    const state = new PoolStateRepository(store.db);
    state.saveCounters([counter(projectId, 3), counter('prj_gone', 5)]);
    expect(state.counters()).toEqual([counter(projectId, 3)]);
    state.saveCounters([{ ...counter(projectId, 0), minuteRequests: 0, minuteTokens: 0 }]);
    expect(state.counters()).toEqual([]);

    const now = 1_000_000;
    state.saveCooldown({ projectId, model: 'm', until: now + 5000, scope: 'minute', quotaId: 'q' }, now);
    state.saveCooldown({ projectId, model: 'old', until: now - 1, scope: 'day', quotaId: null }, now);
    expect(state.cooldowns(now)).toEqual([
      { projectId, model: 'm', until: now + 5000, scope: 'minute', quotaId: 'q' },
    ]);
    state.pruneCooldowns(now + 5000);
    expect(state.cooldowns(0)).toEqual([]);
  });

  it('keeps limit rules with "no limit" apart from "inherit", one rule per project and model', () => {
    const { store, projectId } = open();
    const limits = new PoolLimitRepository(store.db);
    limits.put({ projectId: null, model: '*', rpm: Infinity, tpm: null, rpd: 100 });
    limits.put({ projectId, model: '*', rpm: 5, tpm: null, rpd: null });
    limits.put({ projectId: null, model: '*', rpm: 7, tpm: null, rpd: null });
    expect(limits.list()).toEqual([
      { projectId: null, model: '*', rpm: 7, tpm: null, rpd: null },
      { projectId, model: '*', rpm: 5, tpm: null, rpd: null },
    ]);
    limits.put({ projectId, model: '*', rpm: null, tpm: null, rpd: null });
    expect(limits.list()).toHaveLength(1);
    limits.put({ projectId, model: 'x', rpm: Infinity, tpm: null, rpd: null });
    store.db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
    expect(limits.list()).toEqual([{ projectId: null, model: '*', rpm: 7, tpm: null, rpd: null }]);
  });
});
