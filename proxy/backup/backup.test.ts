import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/openStore.js';
import { FileSecretStore } from '../secrets/fileStore.js';
import type { SecretStore } from '../secrets/secretStore.js';
import { KeyRegistry } from '../keys/keyRegistry.js';
import { collectBackup, BackupError, validatePayload, type BackupData } from './backupPayload.js';
import { ClientPolicies } from '../policy/clientPolicies.js';
import { PriceTable } from '../usage/priceTable.js';
import { openBackup, sealBackup } from './backupFile.js';
import { applyImport, planImport } from './importBackup.js';
import { randomApiKey } from '../../test/support/keys.js';
import { readTree, tempDataDir } from '../../test/support/dataDir.js';

const PASS = 'correct horse battery';
/** Keys are added as `gemgate keys add` adds them; whether qwen itself would accept one is not a backup's concern. */
const unchecked = async () => ({});

interface Folder {
  dir: string;
  store: Store;
  secrets: FileSecretStore;
  /** The store with the policies' and prices' rules, as the gateway builds them. */
  services: BackupData;
}

describe('backup', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  function folder(label: string): Folder {
    const data = tempDataDir(label);
    const store = openStore(data.dir);
    cleanups.push(() => {
      store.close();
      data.cleanup();
    });
    const services = { store, policies: new ClientPolicies(store), prices: new PriceTable(store) };
    return { dir: data.dir, store, secrets: FileSecretStore.open(data.dir, 'store pass'), services };
  }

  async function populated(): Promise<Folder & { keys: string[]; token: string; tokenId: string }> {
    const f = folder('backup-src');
    const registry = new KeyRegistry(f.store, f.secrets, unchecked);
    const keys = [randomApiKey(), randomApiKey(), randomApiKey()];
    await registry.add({
      account: 'alice',
      tier: 'primary',
      project: 'shared-project',
      keys: keys.slice(0, 2),
    });
    await registry.add({ account: 'bob', tier: 'backup', keys: keys.slice(2) });
    // Another provider, one of its keys in alice's account, and a price of its own in tiers.
    f.store.providers.insert({
      name: 'qwen',
      kind: 'openai-compatible',
      baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
      models: ['qwen-plus', 'qwen-max'],
      modelsSource: 'fetched',
      continuation: 'partial',
      preset: 'dashscope-intl',
      createdAt: 1,
    });
    await registry.add({ account: 'alice', provider: 'qwen', keys: [`sk-${'a1b2c3d4'.repeat(4)}`] });
    f.services.prices.set({
      model: 'qwen/qwen-plus',
      input: 0.4,
      output: 1.2,
      tiers: [
        { upTo: 256_000, input: 0.4, output: 1.2 },
        { upTo: 1_000_000, input: 1.2, output: 3.6 },
      ],
    });
    const { record, token } = f.store.tokens.create('phone');
    const bob = f.store.accounts.findByLabel('bob')!;
    f.services.policies.set(record.id, {
      allowModels: ['gemini-2.5-*'],
      allowAccounts: [bob.id],
      rpm: 5,
    });
    const revoked = f.store.tokens.create('old');
    f.store.tokens.revoke(revoked.record.id);
    f.store.settings.set('resume.maxAttempts', '3');
    f.store.settings.set('alerts.webhookUrl', 'http://127.0.0.1:9/hook');
    f.services.prices.set({ model: 'gemini-2.5-flash', input: 1, output: 2 });
    const limits = f.store.poolLimits;
    limits.put({ projectId: null, model: 'gemini-2.5-*', rpm: 30, tpm: null, rpd: 2000 });
    limits.put({
      projectId: f.store.keys.list()[0]!.projectId,
      model: '*',
      rpm: Infinity,
      tpm: Infinity,
      rpd: Infinity,
    });
    f.store.learnedLimits.save([
      {
        projectId: f.store.keys.list()[0]!.projectId,
        model: 'gemini-2.5-flash',
        field: 'rpd',
        value: 3,
        tier: 'FreeTier',
        quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
        learnedAt: Date.UTC(2026, 11, 7, 18),
      },
    ]);
    return { ...f, keys, token, tokenId: record.id };
  }

  async function sealed(source: Folder): Promise<string> {
    const { payload } = await collectBackup(source.services, source.secrets);
    return sealBackup(payload, PASS);
  }

  it('restores every key (into the secret store), token, policy, setting, price, quota limit and learned limit into an empty folder', async () => {
    const source = await populated();
    const file = await sealed(source);
    for (const key of source.keys) expect(file).not.toContain(key);
    const target = folder('backup-dst');
    const plan = planImport(target.services, openBackup(file, PASS), 'replace');
    await applyImport(target.services, target.secrets, plan);

    expect(target.store.keys.list()).toEqual(source.store.keys.list());
    expect(target.store.keys.list().map((key) => key.provider)).toContain('qwen');
    expect(target.store.providers.list()).toEqual(source.store.providers.list());
    expect(target.store.accounts.list()).toEqual(source.store.accounts.list());
    expect(target.store.projects.list()).toEqual(source.store.projects.list());
    for (const key of target.store.keys.list()) {
      expect(await target.secrets.get(key.id)).toBe(await source.secrets.get(key.id));
    }
    // The secret store on disk holds them (a fresh open reads them back).
    const reopened = FileSecretStore.open(target.dir, 'store pass');
    expect(await reopened.get(target.store.keys.list()[0]!.id)).toBe(source.keys[0]);
    expect(target.store.tokens.verify(source.token)?.id).toBe(source.tokenId);
    expect(target.store.tokens.list()).toEqual(source.store.tokens.list());
    expect(target.services.policies.all()).toEqual(source.services.policies.all());
    expect(target.store.settings.all()).toEqual(source.store.settings.all());
    expect(target.services.prices.overrides()).toEqual(source.services.prices.overrides());
    const limitsHere = target.store.poolLimits.list();
    expect(limitsHere).toEqual(source.store.poolLimits.list());
    expect(limitsHere.some((rule) => rule.rpm === Infinity)).toBe(true);
    // What Google stated for a project comes back with it, date and tier included.
    expect(target.store.learnedLimits.list()).toEqual(source.store.learnedLimits.list());
    expect(target.store.learnedLimits.list()).toHaveLength(1);
  });

  it("reads a backup made before providers (format 1): every project was Gemini's", async () => {
    const source = await populated();
    const { payload } = await collectBackup(source.services, source.secrets);
    const geminiOnly = {
      ...payload,
      version: 1,
      providers: undefined,
      projects: payload.projects.filter((p) => p.provider === 'gemini').map(({ provider: _p, ...p }) => p),
      keys: payload.keys.filter((key) => !key.secret.startsWith('sk-')),
    };
    expect(validatePayload(geminiOnly).projects.every((p) => p.provider === 'gemini')).toBe(true);
  });

  it("refuses a key whose project is a provider's the backup does not hold, or a key not shaped for its provider", async () => {
    const source = await populated();
    const { payload } = await collectBackup(source.services, source.secrets);
    expect(() => validatePayload({ ...payload, providers: [] })).toThrow(
      /provider qwen, which is not in the backup/,
    );
    const swapped = payload.keys.map((key) =>
      key.secret.startsWith('sk-') ? { ...key, secret: source.keys[0]!, fingerprint: key.fingerprint } : key,
    );
    expect(() => validatePayload({ ...payload, keys: swapped })).toThrow(BackupError);
  });

  it('refuses a wrong passphrase, a flipped bit and an edited header, before touching anything', async () => {
    const source = await populated();
    const file = await sealed(source);
    expect(() => openBackup(file, 'wrong passphrase')).toThrow(
      /passphrase is wrong, or the file was altered/,
    );
    const envelope = JSON.parse(file) as { data: string; createdAt: string; kdf: { N: number } };
    const data = Buffer.from(envelope.data, 'base64');
    data[data.length >> 1]! ^= 1;
    expect(() => openBackup(JSON.stringify({ ...envelope, data: data.toString('base64') }), PASS)).toThrow(
      BackupError,
    );
    expect(() =>
      openBackup(JSON.stringify({ ...envelope, createdAt: '2020-01-01T00:00:00.000Z' }), PASS),
    ).toThrow(/header was altered/);
    expect(() =>
      openBackup(JSON.stringify({ ...envelope, kdf: { ...envelope.kdf, N: 2 ** 14 } }), PASS),
    ).toThrow(BackupError);
    expect(() => openBackup('{"format":"something-else"}', PASS)).toThrow(/not a gemgate backup/);
    const { payload } = await collectBackup(source.services, source.secrets);
    expect(() => sealBackup(payload, 'short')).toThrow(/at least 8/);
  });

  it('merges: adds what is missing, keeps what is here, and lists it all in the dry run', async () => {
    const source = await populated();
    const payload = openBackup(await sealed(source), PASS);
    const target = folder('backup-merge');
    const own = randomApiKey();
    await new KeyRegistry(target.store, target.secrets, unchecked).add({ account: 'carol', keys: [own] });
    await new KeyRegistry(target.store, target.secrets, unchecked).add({
      account: 'alice',
      keys: [source.keys[0]!],
    });
    target.store.settings.set('resume.maxAttempts', '7');
    // The -shm file is SQLite's shared-memory index, which reads update too; nothing else may change.
    const files = () => readTree(target.dir).filter(([file]) => !file.endsWith('-shm'));
    const before = files();
    const plan = planImport(target.services, payload, 'merge');
    expect(files()).toEqual(before);
    const lines = plan.changes.map((c) => `${c.action} ${c.kind} ${c.detail}`);
    expect(lines).toContain(
      `keep key ${source.keys[0]!.slice(0, 4)}…${source.keys[0]!.slice(-4)} is already here`,
    );
    expect(lines).toContain('keep setting kept 7 (backup: 3)');
    expect(lines).toContain('add account bob (backup)');
    // bob's key, and alice's key of provider qwen (which comes along).
    expect(lines.filter((line) => line.startsWith('add key'))).toHaveLength(2 + 1);
    expect(lines).toContain('add provider https://dashscope-intl.aliyuncs.com/compatible-mode/v1, 2 models');

    await applyImport(target.services, target.secrets, plan);
    expect(target.store.keys.list()).toHaveLength(5);
    const alice = target.store.accounts.findByLabel('alice')!;
    const aliceKeys = target.store.keys.list().filter((key) => key.accountId === alice.id);
    expect(aliceKeys.map((key) => key.provider).sort()).toEqual(['gemini', 'gemini', 'qwen']);
    expect(target.store.settings.get('resume.maxAttempts')).toBe(7);
    expect(target.store.settings.get('alerts.webhookUrl')).toBe('http://127.0.0.1:9/hook');
    expect(target.store.tokens.verify(source.token)).toBeDefined();
    for (const key of target.store.keys.list()) {
      expect(await target.secrets.get(key.id)).toMatch(key.provider === 'gemini' ? /^AIza/ : /^sk-/);
    }
    // The policy's account reference follows bob into this folder.
    const bob = target.store.accounts.findByLabel('bob')!;
    expect(target.services.policies.get(source.tokenId).allowAccounts).toEqual([bob.id]);
    // A second merge has nothing left to add.
    const again = planImport(target.services, payload, 'merge');
    expect(again.changes.filter((c) => c.action === 'add')).toEqual([]);
  });

  it('replaces: keys not in the backup leave, with their secrets, after the commit', async () => {
    const source = await populated();
    const payload = openBackup(await sealed(source), PASS);
    const target = folder('backup-replace');
    const [added] = await new KeyRegistry(target.store, target.secrets, unchecked).add({
      account: 'carol',
      keys: [randomApiKey()],
    });
    target.store.settings.set('server.port', '9999');
    const plan = planImport(target.services, payload, 'replace');
    expect(plan.changes).toContainEqual(
      expect.objectContaining({ action: 'remove', kind: 'key', id: added!.id }),
    );
    expect(plan.changes).toContainEqual(
      expect.objectContaining({ action: 'remove', kind: 'setting', id: 'server.port' }),
    );
    await applyImport(target.services, target.secrets, plan);
    expect(target.store.keys.get(added!.id)).toBeUndefined();
    expect(await target.secrets.get(added!.id)).toBeNull();
    expect(target.store.accounts.findByLabel('carol')).toBeUndefined();
    expect(target.store.settings.get('server.port')).toBe(8787);
  });

  it('changes nothing when the secret store fails half way: secrets written are taken back', async () => {
    const source = await populated();
    const payload = openBackup(await sealed(source), PASS);
    const target = folder('backup-fail');
    const written: string[] = [];
    let sets = 0;
    const failing: SecretStore = {
      kind: 'file',
      get: (id) => target.secrets.get(id),
      async set(id, secret) {
        if (++sets === 2) throw new Error('keychain locked');
        written.push(id);
        await target.secrets.set(id, secret);
      },
      delete: (id) => target.secrets.delete(id),
    };
    const before = target.store.keys.list();
    await expect(
      applyImport(target.services, failing, planImport(target.services, payload, 'replace')),
    ).rejects.toThrow(/keychain locked/);
    expect(target.store.keys.list()).toEqual(before);
    expect(written).toHaveLength(1);
    expect(await target.secrets.get(written[0]!)).toBeNull();
  });
});
