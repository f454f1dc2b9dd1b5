import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './openStore.js';
import {
  INTERACTION_KEEP_MS,
  InteractionOwnerRepository,
  MAX_INTERACTIONS,
  type InteractionOwner,
} from './interactionOwners.js';
import { tempDataDir } from '../../test/support/dataDir.js';

const T0 = Date.UTC(2026, 8, 1, 9);

describe('interaction owners: which project and which client each stored interaction belongs to', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function open(dir = tempDataDir('interactions')) {
    const store = openStore(dir.dir);
    cleanups.push(() => store.close());
    return { store, owners: new InteractionOwnerRepository(store.db), dir };
  }

  function project(store: Store): string {
    const account = store.accounts.create(`account-${store.accounts.list().length}`, 'primary');
    return store.projects.create(account.id, 'interactions', null).id;
  }

  const owner = (projectId: string, id = 'v1_first', at = T0): InteractionOwner => ({
    id,
    projectId,
    clientId: 'tok_1',
    model: 'gemini-2.5-flash',
    previousId: null,
    headId: id,
    upstreamIds: [id],
    seamRemoved: 0,
    background: false,
    usageLogged: true,
    createdAt: at,
  });

  it('keeps the owner across a restart of the gateway (a reopened database)', () => {
    const first = open();
    cleanups.push(first.dir.cleanup);
    const projectId = project(first.store);
    first.owners.record(owner(projectId));
    first.store.close();

    const again = open(first.dir);
    expect(again.owners.ownerOf('v1_first', T0 + 60_000)).toEqual(owner(projectId));
    expect(again.owners.ownerOf('v1_unknown', T0)).toBeUndefined();
  });

  it('keeps a completed stream under the id its client saw, pointing at the interaction holding the whole turn', () => {
    const { store, owners, dir } = open();
    cleanups.push(dir.cleanup);
    const projectId = project(store);
    owners.record({
      ...owner(projectId),
      headId: 'v1_continuation',
      upstreamIds: ['v1_first', 'v1_continuation'],
      seamRemoved: 12,
    });
    expect(owners.ownerOf('v1_first', T0)).toMatchObject({
      headId: 'v1_continuation',
      upstreamIds: ['v1_first', 'v1_continuation'],
      seamRemoved: 12,
    });
    expect(owners.ownerOf('v1_continuation', T0)).toBeUndefined();
  });

  it('forgets an interaction once Google no longer keeps it (55 days, the paid tier)', () => {
    const { store, owners, dir } = open();
    cleanups.push(dir.cleanup);
    const projectId = project(store);
    owners.record(owner(projectId));
    expect(owners.ownerOf('v1_first', T0 + INTERACTION_KEEP_MS - 1)).toBeDefined();
    expect(owners.ownerOf('v1_first', T0 + INTERACTION_KEEP_MS)).toBeUndefined();
    // Rows that old are deleted when the next interaction is recorded.
    owners.record(owner(projectId, 'v1_later', T0 + INTERACTION_KEEP_MS));
    const rows = store.db.prepare('SELECT id FROM interaction_owners').all() as Array<{ id: string }>;
    expect(rows.map((row) => row.id)).toEqual(['v1_later']);
  });

  it('has a background run’s usage logged once, by the first poll that finds it finished', () => {
    const { store, owners, dir } = open();
    cleanups.push(dir.cleanup);
    owners.record({ ...owner(project(store)), background: true, usageLogged: false });
    expect(owners.markUsageLogged('v1_first')).toBe(true);
    expect(owners.markUsageLogged('v1_first')).toBe(false);
    expect(owners.ownerOf('v1_first', T0)?.usageLogged).toBe(true);
  });

  it('deletes one on request, and every one of a project removed from the pool', () => {
    const { store, owners, dir } = open();
    cleanups.push(dir.cleanup);
    const kept = project(store);
    const removed = project(store);
    owners.record(owner(kept, 'v1_kept'));
    owners.record(owner(removed, 'v1_gone'));
    owners.record(owner(kept, 'v1_deleted'));
    expect(owners.delete('v1_deleted')).toBe(true);
    expect(owners.delete('v1_deleted')).toBe(false);
    store.db.prepare('DELETE FROM projects WHERE id = ?').run(removed);
    expect(owners.ownerOf('v1_kept', T0)).toBeDefined();
    expect(owners.ownerOf('v1_gone', T0)).toBeUndefined();
    expect(owners.ownerOf('v1_deleted', T0)).toBeUndefined();
  });

  it('bounds the table: past the limit the oldest go first', () => {
    const { store, dir } = open();
    cleanups.push(dir.cleanup);
    const projectId = project(store);
    const owners = new InteractionOwnerRepository(store.db, 2);
    owners.record(owner(projectId, 'v1_a', T0));
    owners.record(owner(projectId, 'v1_b', T0 + 1));
    owners.record(owner(projectId, 'v1_c', T0 + 2));
    expect(['v1_a', 'v1_b', 'v1_c'].map((id) => owners.ownerOf(id, T0 + 3) !== undefined)).toEqual([
      false,
      true,
      true,
    ]);
    expect(MAX_INTERACTIONS).toBeGreaterThanOrEqual(100_000);
  });
});
