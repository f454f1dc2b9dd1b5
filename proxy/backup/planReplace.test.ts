import { afterEach, describe, expect, it } from 'vitest';
import { planReplace } from './planReplace.js';
import { applyImport } from './applyImport.js';
import { backupFolders, type BackupFolder } from '../../test/support/backupFolders.js';
import { randomApiKey } from '../../test/support/keys.js';
import { readTree } from '../../test/support/dataDir.js';

describe('planning a replace', () => {
  const folders = backupFolders();
  afterEach(() => folders.closeAll());

  /** Two accounts with a key each, a token with a policy, a setting, a price and a limit rule. */
  async function source(): Promise<BackupFolder & { tokenId: string }> {
    const f = folders.open('replace-src');
    await f.addKeys({ account: 'alice', tier: 'primary', keys: [randomApiKey()] });
    await f.addKeys({ account: 'bob', tier: 'backup', keys: [randomApiKey()] });
    const { record } = f.store.tokens.create('phone');
    f.services.policies.set(record.id, { rpm: 5 });
    f.store.settings.set('resume.maxAttempts', 3);
    f.services.prices.set({ model: 'gemini-2.5-flash', input: 1, output: 2 });
    f.store.poolLimits.put({ projectId: null, model: '*', rpm: 30, tpm: null, rpd: null });
    return { ...f, tokenId: record.id };
  }

  /** [action, kind, id] of every change. */
  const actions = (plan: ReturnType<typeof planReplace>) => plan.changes.map((c) => [c.action, c.kind, c.id]);

  it('into an empty folder: everything is added, and what it writes is the backup itself', async () => {
    const payload = await (await source()).payload();
    const into = folders.open('replace-empty');
    const files = () => readTree(into.dir).filter(([file]) => !file.endsWith('-shm'));
    const before = files();

    const plan = planReplace(into.services, payload);

    expect(files()).toEqual(before);
    expect(plan.mode).toBe('replace');
    expect(plan.changes.every((change) => change.action === 'add')).toBe(true);
    expect(plan.write).toMatchObject({
      accounts: payload.accounts,
      projects: payload.projects,
      keys: payload.keys,
      tokens: payload.tokens,
      settings: [['resume.maxAttempts', 3]],
      prices: payload.prices,
      limits: [{ projectId: null, model: '*', rpm: 30, tpm: null, rpd: null }],
    });
    expect(plan.dropSecrets).toEqual([]);
  });

  it('matches by id: the same is kept, a difference is an update, what the backup lacks is removed', async () => {
    const from = await source();
    const payload = await from.payload();
    const into = folders.open('replace-diff');
    await applyImport(into.services, into.secrets, planReplace(into.services, payload));
    // Then the folder drifts away from the backup.
    const [extra] = await into.addKeys({ account: 'carol', keys: [randomApiKey()] });
    into.store.tokens.revoke(from.tokenId);
    into.store.settings.set('resume.maxAttempts', 9);
    into.store.settings.set('server.port', 9999);
    into.services.prices.set({ model: 'gemini-2.5-pro', input: 3, output: 4 });
    into.store.poolLimits.put({
      projectId: null,
      model: '*',
      rpm: 60,
      tpm: null,
      rpd: null,
    });
    const carol = into.store.accounts.findByLabel('carol')!;

    const plan = planReplace(into.services, payload);

    expect(actions(plan)).toEqual(
      expect.arrayContaining([
        ['keep', 'account', payload.accounts[0]!.id],
        ['remove', 'account', carol.id],
        ['remove', 'project', extra!.projectId],
        ['keep', 'key', payload.keys[0]!.id],
        ['remove', 'key', extra!.id],
        ['update', 'token', from.tokenId],
        ['update', 'setting', 'resume.maxAttempts'],
        ['remove', 'setting', 'server.port'],
        ['keep', 'price', 'gemini-2.5-flash'],
        ['remove', 'price', 'gemini-2.5-pro'],
        ['update', 'limit', '* @ every project'],
      ]),
    );
    expect(plan.changes.filter((c) => c.action === 'add')).toEqual([]);
    expect(plan.changes.find((c) => c.id === 'resume.maxAttempts')?.detail).toBe('9 → 3');
    expect(plan.changes.find((c) => c.id === 'server.port')?.detail).toBe('9999 (back to the default)');
    // The secret of a key that leaves goes too, once the database has committed.
    expect(plan.dropSecrets).toEqual([extra!.id]);
  });

  it("counts a token's policy in its sameness, and names the policy's accounts as the backup does", async () => {
    const from = await source();
    const bob = from.store.accounts.findByLabel('bob')!;
    from.services.policies.set(from.tokenId, { allowAccounts: [bob.id] });
    const payload = await from.payload();
    const into = folders.open('replace-policy');
    await applyImport(into.services, into.secrets, planReplace(into.services, payload));
    into.services.policies.set(from.tokenId, { rpm: 1 });

    const plan = planReplace(into.services, payload);

    expect(plan.changes.find((c) => c.kind === 'token')).toEqual({
      action: 'update',
      kind: 'token',
      id: from.tokenId,
      name: 'phone',
      detail: 'phone; policy: accounts bob',
    });
  });

  it('names every change as a person knows it, never by an internal id', async () => {
    const from = await source();
    await from.addKeys({ account: 'carol', project: 'carol-project', keys: [randomApiKey()] });
    const carolProject = from.store.projects
      .list()
      .find((project) => project.gcpProject === 'carol-project')!;
    from.store.poolLimits.put({
      projectId: carolProject.id,
      model: 'gemini-2.5-pro',
      rpm: null,
      tpm: null,
      rpd: 3,
    });
    const payload = await from.payload();
    const into = folders.open('replace-names');
    await into.addKeys({ account: 'dave', keys: [randomApiKey()] });

    const plan = planReplace(into.services, payload);

    const names = new Map(plan.changes.map((change) => [`${change.action} ${change.kind}`, change.name]));
    expect(plan.changes.find((c) => c.kind === 'limit' && c.id.startsWith('gemini-2.5-pro'))!.name).toBe(
      'gemini-2.5-pro in carol-project',
    );
    expect(names.get('remove account')).toBe('dave');
    expect(names.get('remove key')).toMatch(/^AIza…/);
    expect(plan.changes.find((c) => c.kind === 'setting')!.name).toBe('Attempts per answer');
    for (const change of plan.changes) {
      expect(change.name, `${change.kind} ${change.id}`).not.toMatch(/\b(acc|prj|key|tok)_/);
    }
  });

  it('skips a setting this version refuses, and does not write it', async () => {
    const payload = await (await source()).payload();
    payload.settings['future.setting'] = 'x';
    payload.settings['server.port'] = 'not a port';
    const into = folders.open('replace-refused');

    const plan = planReplace(into.services, payload);

    expect(plan.changes.filter((c) => c.action === 'skip').map((c) => [c.id, c.detail])).toEqual([
      ['future.setting', 'unknown to this version of gemgate'],
      ['server.port', expect.any(String)],
    ]);
    expect(plan.write.settings).toEqual([['resume.maxAttempts', 3]]);
  });
});
