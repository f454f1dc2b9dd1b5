import { afterEach, describe, expect, it } from 'vitest';
import { planMerge } from './planMerge.js';
import { backupFolders, type BackupFolder } from '../../test/support/backupFolders.js';
import { randomApiKey } from '../../test/support/keys.js';
import { readTree } from '../../test/support/dataDir.js';

/** "action kind detail" for each change, in the planner's order. */
const lines = (plan: ReturnType<typeof planMerge>) =>
  plan.changes.map((c) => `${c.action} ${c.kind} ${c.detail}`);

describe('planning a merge', () => {
  const folders = backupFolders();
  afterEach(() => folders.closeAll());

  /** alice (primary) with two keys of one Google Cloud project, bob (backup) with one key of its own. */
  async function source(): Promise<BackupFolder & { keys: string[] }> {
    const f = folders.open('merge-src');
    const keys = [randomApiKey(), randomApiKey(), randomApiKey()];
    await f.addKeys({ account: 'alice', tier: 'primary', project: 'shared-project', keys: keys.slice(0, 2) });
    await f.addKeys({ account: 'bob', tier: 'backup', keys: keys.slice(2) });
    return { ...f, keys };
  }

  it('into an empty folder: adds every account, project, key and token under its backup id, writing nothing yet', async () => {
    const from = await source();
    from.store.tokens.create('phone');
    const payload = await from.payload();
    const into = folders.open('merge-empty');
    const files = () => readTree(into.dir).filter(([file]) => !file.endsWith('-shm'));
    const before = files();

    const plan = planMerge(into.services, payload);

    expect(files()).toEqual(before);
    expect(plan.mode).toBe('merge');
    expect(plan.write.accounts.map((a) => a.id)).toEqual(payload.accounts.map((a) => a.id));
    expect(plan.write.projects.map((p) => p.id).sort()).toEqual(payload.projects.map((p) => p.id).sort());
    expect(plan.write.keys.map((k) => k.id)).toEqual(payload.keys.map((k) => k.id));
    expect(plan.write.tokens.map((t) => t.id)).toEqual(payload.tokens.map((t) => t.id));
    expect(plan.changes.every((change) => change.action === 'add')).toBe(true);
    expect(lines(plan)).toContain('add project Google Cloud project shared-project');
    expect(plan.dropSecrets).toEqual([]);
  });

  it('keeps a key that is already here, whatever its id, and adds no project for it', async () => {
    const from = await source();
    const payload = await from.payload();
    const into = folders.open('merge-same-key');
    const [here] = await into.addKeys({ account: 'carol', keys: [from.keys[2]!] });

    const plan = planMerge(into.services, payload);

    expect(plan.changes).toContainEqual({
      action: 'keep',
      kind: 'key',
      id: here!.id,
      name: payload.keys[2]!.masked,
      detail: `${payload.keys[2]!.masked} is already here`,
    });
    expect(plan.write.keys.map((k) => k.fingerprint)).not.toContain(payload.keys[2]!.fingerprint);
    // bob's only project served only that key: nothing needs it.
    expect(plan.write.projects.map((p) => p.id)).toEqual([payload.keys[0]!.projectId]);
  });

  it('takes an account with the same name for the same account: new keys join it', async () => {
    const from = await source();
    const payload = await from.payload();
    const into = folders.open('merge-same-account');
    await into.addKeys({ account: 'alice', tier: 'primary', keys: [randomApiKey()] });
    const alice = into.store.accounts.findByLabel('alice')!;

    const plan = planMerge(into.services, payload);

    expect(plan.write.accounts.map((a) => a.label)).toEqual(['bob']);
    expect(plan.changes).toContainEqual({
      action: 'keep',
      kind: 'account',
      id: alice.id,
      name: 'alice',
      detail: 'alice is already here',
    });
    const aliceKeys = plan.write.keys.filter((key) => key.fingerprint !== payload.keys[2]!.fingerprint);
    expect(aliceKeys.map((key) => key.accountId)).toEqual([alice.id, alice.id]);
    expect(plan.write.projects.find((p) => p.id === aliceKeys[0]!.projectId)?.accountId).toBe(alice.id);
  });

  it('reuses a Google Cloud project the account already has here, under its id here', async () => {
    const from = await source();
    from.store.poolLimits.put({
      projectId: from.store.keys.list()[0]!.projectId,
      model: '*',
      rpm: 10,
      tpm: null,
      rpd: null,
    });
    const payload = await from.payload();
    const into = folders.open('merge-same-project');
    const [here] = await into.addKeys({
      account: 'alice',
      tier: 'primary',
      project: 'shared-project',
      keys: [randomApiKey()],
    });

    const plan = planMerge(into.services, payload);

    expect(plan.write.projects.map((p) => p.gcpProject)).toEqual([null]);
    expect(plan.write.keys.slice(0, 2).map((key) => key.projectId)).toEqual([
      here!.projectId,
      here!.projectId,
    ]);
    // A rule for that project follows it to its id here.
    expect(plan.write.limits).toEqual([
      { projectId: here!.projectId, model: '*', rpm: 10, tpm: null, rpd: null },
    ]);
  });

  it('gives a new id to a key or token whose id another one has here', async () => {
    const from = await source();
    from.store.tokens.create('phone');
    const payload = await from.payload();
    const into = folders.open('merge-taken-ids');
    const [other] = await into.addKeys({ account: 'carol', keys: [randomApiKey()] });
    const otherToken = into.store.tokens.create('tablet').record;
    payload.keys[0]!.id = other!.id;
    payload.tokens[0]!.id = otherToken.id;

    const plan = planMerge(into.services, payload);

    const key = plan.write.keys.find((k) => k.fingerprint === payload.keys[0]!.fingerprint)!;
    expect(key.id).toMatch(/^key_/);
    expect(key.id).not.toBe(other!.id);
    expect(plan.write.tokens[0]!.id).toMatch(/^tok_/);
    expect(plan.write.tokens[0]!.id).not.toBe(otherToken.id);
    expect(plan.changes).toContainEqual(
      expect.objectContaining({ action: 'add', kind: 'token', id: plan.write.tokens[0]!.id }),
    );
  });

  it('keeps a token that is already here (the same token, by its hash), and adds nothing twice', async () => {
    const from = await source();
    from.store.tokens.create('phone');
    const payload = await from.payload();

    const plan = planMerge(from.services, payload);

    expect(plan.write).toEqual({
      providers: [],
      accounts: [],
      projects: [],
      keys: [],
      tokens: [],
      settings: [],
      prices: [],
      limits: [],
      learnedLimits: [],
    });
    expect(lines(plan)).toContain('keep token phone is already here');
    expect(plan.changes.every((change) => change.action === 'keep')).toBe(true);
  });

  it("keeps the user's settings, prices and limit rules here; adds the missing ones; skips what this version refuses", async () => {
    const from = await source();
    from.store.settings.set('resume.maxAttempts', 3);
    from.store.settings.set('server.port', 9000);
    from.services.prices.set({ model: 'gemini-2.5-flash', input: 1, output: 2 });
    from.services.prices.set({ model: 'gemini-2.5-pro', input: 3, output: 4 });
    from.store.poolLimits.put({ projectId: null, model: '*', rpm: 5, tpm: null, rpd: null });
    from.store.poolLimits.put({
      projectId: null,
      model: 'gemini-2.5-*',
      rpm: Infinity,
      tpm: null,
      rpd: null,
    });
    const payload = await from.payload();
    payload.settings['future.setting'] = true;
    payload.settings['resume.stallTimeoutMs'] = 'soon';
    payload.limits.push({ projectId: 'prj_gone0000', model: 'm', rpm: 1, tpm: null, rpd: null });
    const into = folders.open('merge-settings');
    into.store.settings.set('resume.maxAttempts', 7);
    into.services.prices.set({ model: 'gemini-2.5-flash', input: 5, output: 6 });
    into.store.poolLimits.put({
      projectId: null,
      model: '*',
      rpm: 50,
      tpm: null,
      rpd: null,
    });

    const plan = planMerge(into.services, payload);

    expect(lines(plan)).toEqual(
      expect.arrayContaining([
        'keep setting kept 7 (backup: 3)',
        'add setting 9000',
        'skip setting unknown to this version of gemgate',
        'keep price your price here is kept',
        'add price input $3, output $4 per 1M tokens',
        'keep limit your rule here is kept',
        'add limit rpm unlimited',
        'skip limit its project is neither here nor restored',
      ]),
    );
    expect(plan.changes.find((c) => c.id === 'resume.stallTimeoutMs')?.action).toBe('skip');
    expect(plan.write.settings).toEqual([['server.port', 9000]]);
    expect(plan.write.prices.map((p) => p.model)).toEqual(['gemini-2.5-pro']);
    expect(plan.write.limits).toEqual([
      { projectId: null, model: 'gemini-2.5-*', rpm: Infinity, tpm: null, rpd: null },
    ]);
  });

  it('adds what Google stated for a project that comes with the backup, keeps what was learned here, skips the rest', async () => {
    const from = await source();
    const [alice, bob] = [from.store.keys.list()[0]!.projectId, from.store.keys.list()[2]!.projectId];
    const learned = (projectId: string, value: number) => ({
      projectId,
      model: 'gemini-2.5-flash',
      field: 'rpd' as const,
      value,
      tier: 'FreeTier',
      quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
      learnedAt: Date.UTC(2026, 11, 7),
    });
    from.store.learnedLimits.save([learned(alice, 3), learned(bob, 20)]);
    const payload = await from.payload();
    const into = folders.open('merge-learned');
    // Bob's key (and so his project) is already here, with a limit learned here.
    const [bobHere] = await into.addKeys({ account: 'bob', keys: [from.keys[2]!] });
    const bobProjectHere = into.store.keys.get(bobHere!.id)!.projectId;
    into.store.learnedLimits.save([learned(bobProjectHere, 7)]);
    payload.learnedLimits.push(learned('prj_nowhere', 5));

    const plan = planMerge(into.services, payload);

    expect(plan.write.learnedLimits).toEqual([learned(alice, 3)]);
    expect(lines(plan)).toEqual(
      expect.arrayContaining([
        'add learned-limit 3, learned from Google 2026-12-07 (FreeTier)',
        'skip learned-limit its project is neither here nor restored',
      ]),
    );
  });
});
