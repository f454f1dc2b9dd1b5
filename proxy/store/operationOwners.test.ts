import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './openStore.js';
import { MAX_OPERATIONS, OPERATION_KEEP_MS, OperationOwnerRepository } from './operationOwners.js';
import { tempDataDir } from '../../test/support/dataDir.js';

const T0 = Date.UTC(2026, 11, 3, 9);
const OPERATION = 'models/veo-3.0-generate-001/operations/op-1';

describe('operation owners: who may poll a long-running operation, and through which project', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function open(dir = tempDataDir('operations')) {
    const store = openStore(dir.dir);
    cleanups.push(() => store.close());
    return { store, operations: new OperationOwnerRepository(store.db), dir };
  }

  function project(store: Store): string {
    const account = store.accounts.create(`account-${store.accounts.list().length}`, 'primary');
    return store.projects.create(account.id, 'veo', null).id;
  }

  it('keeps the owner across a restart of the gateway (a reopened database)', () => {
    const first = open();
    cleanups.push(first.dir.cleanup);
    const projectId = project(first.store);
    first.operations.remember(OPERATION, { projectId, keyId: 'key_a', clientId: 'tok_1', startedAt: T0 });
    first.store.close();

    const again = open(first.dir);
    expect(again.operations.ownerOf(OPERATION, T0 + 60_000)).toEqual({
      projectId,
      keyId: 'key_a',
      clientId: 'tok_1',
      startedAt: T0,
    });
    expect(again.operations.ownerOf('models/veo-3.0-generate-001/operations/unknown', T0)).toBeUndefined();
  });

  it('forgets an operation once Google no longer keeps it (two days)', () => {
    const { store, operations, dir } = open();
    cleanups.push(dir.cleanup);
    const projectId = project(store);
    operations.remember(OPERATION, { projectId, keyId: 'key_a', clientId: 'tok_1', startedAt: T0 });
    expect(operations.ownerOf(OPERATION, T0 + OPERATION_KEEP_MS - 1)).toBeDefined();
    expect(operations.ownerOf(OPERATION, T0 + OPERATION_KEEP_MS)).toBeUndefined();
    // Rows that old are deleted when the next operation starts.
    operations.remember('models/veo/operations/op-2', {
      projectId,
      keyId: 'key_a',
      clientId: 'tok_1',
      startedAt: T0 + OPERATION_KEEP_MS,
    });
    expect(store.db.prepare('SELECT name FROM operation_owners').pluck().all()).toEqual([
      'models/veo/operations/op-2',
    ]);
  });

  it('keeps at most MAX_OPERATIONS, the newest', () => {
    const { store, operations, dir } = open();
    cleanups.push(dir.cleanup);
    const projectId = project(store);
    const insert = store.db.prepare(
      'INSERT INTO operation_owners (name, project_id, key_id, client_id, started_at) VALUES (?, ?, ?, ?, ?)',
    );
    store.db.transaction(() => {
      for (let i = 0; i < MAX_OPERATIONS; i++) insert.run(`op-${i}`, projectId, 'key_a', 'tok_1', T0 + i);
    })();
    operations.remember('op-newest', {
      projectId,
      keyId: 'key_a',
      clientId: 'tok_1',
      startedAt: T0 + MAX_OPERATIONS,
    });
    expect(store.db.prepare('SELECT count(*) FROM operation_owners').pluck().get()).toBe(MAX_OPERATIONS);
    expect(operations.ownerOf('op-0', T0 + MAX_OPERATIONS)).toBeUndefined();
    expect(operations.ownerOf('op-newest', T0 + MAX_OPERATIONS)).toBeDefined();
  });

  it("goes with its project: a removed project's operations cannot be polled", () => {
    const { store, operations, dir } = open();
    cleanups.push(dir.cleanup);
    const projectId = project(store);
    operations.remember(OPERATION, { projectId, keyId: 'key_a', clientId: 'tok_1', startedAt: T0 });
    store.db.prepare('DELETE FROM projects WHERE id = ?').run(projectId);
    expect(operations.ownerOf(OPERATION, T0)).toBeUndefined();
  });
});
