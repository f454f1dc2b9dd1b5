import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './openStore.js';
import { OwnedResourceRepository, type OwnedResource } from './files.js';
import { tempDataDir } from '../../test/support/dataDir.js';

const T0 = Date.UTC(2026, 2, 1, 9);
const HOUR = 3_600_000;

describe('owned resources (files and cached contents created through gemgate)', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function open(): { store: Store; files: OwnedResourceRepository; projects: string[]; dir: string } {
    const { dir, cleanup } = tempDataDir('owned');
    const store = openStore(dir);
    cleanups.push(() => {
      store.close();
      cleanup();
    });
    const account = store.accounts.create('alice', 'primary');
    const projects = ['one', 'two'].map((label) => store.projects.create(account.id, label, null).id);
    return { store, files: new OwnedResourceRepository(store.db), projects, dir };
  }

  const file = (name: string, projectId: string, clientId: string, createdAt: number): OwnedResource => ({
    name,
    kind: 'file',
    projectId,
    clientId,
    displayName: `${name}.pdf`,
    mimeType: 'application/pdf',
    sizeBytes: 1234,
    model: null,
    createdAt,
    expiresAt: createdAt + 48 * HOUR,
    resource: { name, sizeBytes: '1234', state: 'ACTIVE' },
  });

  it('remembers the owner of each file until it expires, across a reopen of the database', () => {
    const { store, files, projects, dir } = open();
    expect(files.isEmpty()).toBe(true);
    files.record(file('files/a', projects[0]!, 'tok_1', T0));
    files.record(file('files/b', projects[1]!, 'tok_1', T0 + 1));
    expect(files.isEmpty()).toBe(false);
    expect(files.get('files/a', T0)?.projectId).toBe(projects[0]);
    expect([...files.getMany(['files/a', 'files/b', 'files/unknown'], T0).keys()].sort()).toEqual([
      'files/a',
      'files/b',
    ]);
    expect(files.get('files/a', T0 + 48 * HOUR)).toBeUndefined();
    store.close();
    const again = openStore(dir);
    try {
      expect(new OwnedResourceRepository(again.db).get('files/b', T0)?.resource).toEqual({
        name: 'files/b',
        sizeBytes: '1234',
        state: 'ACTIVE',
      });
    } finally {
      again.close();
    }
  });

  it("lists a client's own files newest first, a page at a time, and no one else's", () => {
    const { files, projects } = open();
    for (let i = 0; i < 5; i++) files.record(file(`files/mine${i}`, projects[i % 2]!, 'tok_1', T0 + i));
    files.record(file('files/theirs', projects[0]!, 'tok_2', T0 + 10));
    const first = files.listForClient('tok_1', 'file', { offset: 0, limit: 2 }, T0);
    expect(first.total).toBe(5);
    expect(first.resources.map((r) => r.name)).toEqual(['files/mine4', 'files/mine3']);
    const last = files.listForClient('tok_1', 'file', { offset: 4, limit: 2 }, T0);
    expect(last.resources.map((r) => r.name)).toEqual(['files/mine0']);
    expect(files.listForClient('tok_1', 'cachedContent', { offset: 0, limit: 10 }, T0).total).toBe(0);
    expect(files.listAll(T0)).toHaveLength(6);
  });

  it('refreshes, deletes and prunes, and forgets the files of a removed project', () => {
    const { store, files, projects } = open();
    files.record(file('files/a', projects[0]!, 'tok_1', T0));
    files.record(file('files/b', projects[1]!, 'tok_1', T0));
    files.refresh('files/a', { name: 'files/a', state: 'FAILED' }, T0 + HOUR);
    expect(files.get('files/a', T0)?.resource.state).toBe('FAILED');
    expect(files.pruneExpired(T0 + HOUR)).toBe(1);
    expect(files.delete('files/b')).toBe(true);
    expect(files.delete('files/b')).toBe(false);
    files.record(file('files/c', projects[1]!, 'tok_1', T0));
    store.db.prepare('DELETE FROM projects WHERE id = ?').run(projects[1]);
    expect(files.get('files/c', T0)).toBeUndefined();
    expect(() => files.record(file('files/d', 'prj_missing', 'tok_1', T0))).toThrow(/FOREIGN KEY/);
  });
});
