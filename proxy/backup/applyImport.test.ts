import { afterEach, describe, expect, it } from 'vitest';
import { applyImport } from './applyImport.js';
import { planMerge } from './planMerge.js';
import { planReplace } from './planReplace.js';
import { BackupError } from './backupPayload.js';
import type { SecretStore } from '../secrets/secretStore.js';
import type { UsageRow } from '../store/usageRequests.js';
import { backupFolders, type BackupFolder } from '../../test/support/backupFolders.js';
import { randomApiKey } from '../../test/support/keys.js';

/** Everything an import may change in a folder, secrets included, as one comparable value. */
async function contents(f: BackupFolder) {
  const keys = f.store.keys.list();
  return {
    accounts: f.store.accounts.list(),
    projects: f.store.projects.list(),
    keys,
    secrets: await Promise.all(keys.map((key) => f.secrets.get(key.id))),
    tokens: f.store.tokens.list(),
    policies: f.services.policies.all(),
    settings: f.store.settings.all(),
    prices: f.services.prices.overrides(),
    limits: f.store.poolLimits.list(),
  };
}

/** A secret store that fails as told, over a folder's real one. */
function failing(f: BackupFolder, fail: { set?: (call: number) => boolean; delete?: boolean }): SecretStore {
  let sets = 0;
  return {
    kind: 'file',
    get: (id) => f.secrets.get(id),
    async set(id, secret) {
      if (fail.set?.(++sets)) throw new Error('keychain locked');
      await f.secrets.set(id, secret);
    },
    async delete(id) {
      if (fail.delete) throw new Error('keychain locked');
      return f.secrets.delete(id);
    },
  };
}

describe('applying an import plan', () => {
  const folders = backupFolders();
  afterEach(() => folders.closeAll());

  async function source(): Promise<BackupFolder & { token: string }> {
    const f = folders.open('apply-src');
    await f.addKeys({ account: 'alice', tier: 'primary', project: 'shared-project', keys: [randomApiKey()] });
    await f.addKeys({ account: 'bob', tier: 'backup', keys: [randomApiKey(), randomApiKey()] });
    const { record, token } = f.store.tokens.create('phone');
    f.services.policies.set(record.id, { allowModels: ['gemini-2.5-*'], rpm: 5 });
    f.store.tokens.revoke(f.store.tokens.create('old').record.id);
    f.store.settings.set('resume.maxAttempts', 3);
    f.services.prices.set({ model: 'gemini-2.5-flash', input: 1, output: 2, cached: 0.5 });
    f.store.poolLimits.put({
      projectId: f.store.keys.list()[0]!.projectId,
      model: '*',
      rpm: Infinity,
      tpm: null,
      rpd: 100,
    });
    return { ...f, token };
  }

  function logRow(at: number): UsageRow {
    return {
      requestId: `req-${at}`,
      at,
      day: '2026-01-01',
      clientId: null,
      dialect: 'gemini',
      endpoint: 'generateContent',
      model: 'gemini-2.5-flash',
      provider: 'gemini',
      stream: 0,
      keyId: null,
      projectId: null,
      accountId: null,
      status: 200,
      outcome: 'ok',
      attempts: 1,
      resumes: 0,
      causes: null,
      promptTokens: 1,
      outputTokens: 1,
      thoughtsTokens: 0,
      cachedTokens: 0,
      toolPromptTokens: 0,
      totalTokens: 2,
      costUsd: 0,
      ttfbMs: 1,
      totalMs: 2,
      errorClass: null,
      attemptDetail: null,
      clientMessage: null,
    };
  }

  it('replace: the folder then holds exactly what the backup does, secrets in its secret store; the request log stays', async () => {
    const from = await source();
    const into = folders.open('apply-replace');
    const [gone] = await into.addKeys({ account: 'carol', keys: [randomApiKey()] });
    into.store.settings.set('server.port', 9999);
    into.store.usageWriter.insertAll([logRow(1), logRow(2)]);

    const result = await applyImport(
      into.services,
      into.secrets,
      planReplace(into.services, await from.payload()),
    );

    expect(result).toEqual({ warnings: [] });
    expect(await contents(into)).toEqual(await contents(from));
    expect(into.store.tokens.verify(from.token)?.name).toBe('phone');
    expect(await into.secrets.get(gone!.id)).toBeNull();
    expect(into.store.usageTotals.day('2026-01-01').requests).toBe(2);
  });

  it("merge: writes only the plan's rows; what was here stays as it was", async () => {
    const from = await source();
    const into = folders.open('apply-merge');
    const own = randomApiKey();
    const [mine] = await into.addKeys({ account: 'carol', keys: [own] });
    into.store.settings.set('resume.maxAttempts', 7);

    await applyImport(into.services, into.secrets, planMerge(into.services, await from.payload()));

    const after = await contents(into);
    const backedUp = await contents(from);
    expect(after.keys).toHaveLength(4);
    expect(after.keys.map((key) => key.fingerprint).sort()).toEqual(
      [into.store.keys.get(mine!.id)!, ...backedUp.keys].map((key) => key.fingerprint).sort(),
    );
    expect(await into.secrets.get(mine!.id)).toBe(own);
    expect(after.secrets.every((secret) => secret?.startsWith('AIza'))).toBe(true);
    expect(after.settings['resume.maxAttempts']).toBe(7);
    expect(after.tokens).toEqual(backedUp.tokens);
    expect(after.policies).toEqual(backedUp.policies);
    expect(after.prices).toEqual(backedUp.prices);
    expect(after.limits).toEqual(backedUp.limits);
  });

  it('all or nothing: when the database refuses a row, nothing changes and the secrets written are put back', async () => {
    const from = await source();
    const payload = await from.payload();
    const into = folders.open('apply-refused');
    await applyImport(into.services, into.secrets, planReplace(into.services, payload));
    // The folder's copy of a key now holds another secret, which the import would overwrite.
    const replaced = payload.keys[0]!.id;
    const other = randomApiKey();
    await into.secrets.set(replaced, other);
    await into.addKeys({ account: 'carol', keys: [randomApiKey()] });
    into.store.settings.set('server.port', 9999);
    const before = await contents(into);
    const plan = planReplace(into.services, payload);
    // A second token with the first one's hash: the database refuses it, after everything else is written.
    plan.write.tokens.push({ ...plan.write.tokens[0]!, id: 'tok_duplicate0' });

    await expect(applyImport(into.services, into.secrets, plan)).rejects.toThrow(/UNIQUE/);

    expect(await contents(into)).toEqual(before);
    expect(await into.secrets.get(replaced)).toBe(other);
  });

  it('all or nothing: when the secret store fails half way, the secrets written are taken back', async () => {
    const payload = await (await source()).payload();
    const into = folders.open('apply-locked');
    const before = await contents(into);

    await expect(
      applyImport(
        into.services,
        failing(into, { set: (call) => call === 2 }),
        planMerge(into.services, payload),
      ),
    ).rejects.toThrow(/keychain locked/);

    expect(await contents(into)).toEqual(before);
    for (const key of payload.keys) expect(await into.secrets.get(key.id)).toBeNull();
  });

  it('says so when a secret cannot be put back after a failure', async () => {
    const payload = await (await source()).payload();
    const into = folders.open('apply-stuck');

    const error = await applyImport(
      into.services,
      failing(into, { set: (call) => call === 2, delete: true }),
      planMerge(into.services, payload),
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BackupError);
    // The first key's secret was written; the second one's may have been, as far as the import knows.
    expect((error as Error).message).toBe(
      `The import failed and could not restore the secret of ${payload.keys[0]!.id}, ` +
        `could not restore the secret of ${payload.keys[1]!.id}: keychain locked`,
    );
    expect(into.store.keys.list()).toEqual([]);
  });

  it('warns, after the commit, when the secret of a key that left cannot be deleted', async () => {
    const payload = await (await source()).payload();
    const into = folders.open('apply-leftover');
    const [gone] = await into.addKeys({ account: 'carol', keys: [randomApiKey()] });

    const result = await applyImport(
      into.services,
      failing(into, { delete: true }),
      planReplace(into.services, payload),
    );

    expect(result.warnings).toEqual([
      `the secret of removed key ${gone!.id} could not be deleted from the secret store`,
    ]);
    expect(into.store.keys.get(gone!.id)).toBeUndefined();
    expect(into.store.keys.list()).toHaveLength(payload.keys.length);
  });
});
