import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe, type CliEnv } from './support/cli.js';
import { readTree, tempDataDir } from './support/dataDir.js';
import { keychainAvailable, keychainSkipReason } from './support/keychain.js';
import { startEmulator, type Emulator } from './emulator/index.js';
import { KeychainStore } from '../proxy/secrets/keychainStore.js';
import { withDataFolder } from './support/services.js';

const BACKUP = { GEMGATE_BACKUP_PASSPHRASE: 'backup passphrase 1' };
const SOURCE_PASSPHRASE = 'src';

/** Everything `backup import` must bring back, as the CLI itself reports it. */
async function snapshot(env: CliEnv) {
  const json = async (args: string[]) => {
    const result = await runCli([...args, '--json'], { env });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as unknown;
  };
  const [keys, tokens, settings, prices] = await Promise.all([
    json(['keys', 'list']),
    json(['tokens', 'list']),
    json(['config', 'list']),
    json(['prices', 'list']),
  ]);
  // When a price was set is not backed up: a restored one counts as set when it was restored.
  const priceRows = (prices as { prices: Array<Record<string, unknown>> }).prices.map(
    ({ updatedAt: _updatedAt, ...price }) => price,
  );
  return { keys, tokens, settings, prices: priceRows };
}

/**
 * A data folder with keys from two accounts (one Google Cloud project shared by two keys), a
 * token with a policy, settings and a price of the user's own. Made in-process (the CLI for these
 * has tests of its own): the backup commands under test run as the real CLI.
 */
async function populate(dataDir: string, keys: string[], baseUrl: string): Promise<{ token: string }> {
  return withDataFolder(dataDir, SOURCE_PASSPHRASE, async ({ store, keys: registry, policies, prices }) => {
    await registry.add({
      account: 'alice',
      tier: 'primary',
      project: 'shared-project',
      keys: keys.slice(0, 2),
    });
    await registry.add({ account: 'bob', tier: 'backup', keys: keys.slice(2) });
    const { record, token } = store.tokens.create('phone');
    policies.set(record.id, {
      allowModels: ['gemini-2.5-*'],
      allowAccounts: [store.accounts.findByLabel('bob')!.id],
      rpm: 30,
    });
    store.tokens.create('spare');
    store.settings.set('upstream.baseUrl', baseUrl);
    store.settings.set('resume.maxAttempts', '3');
    prices.set({ model: 'gemini-2.5-flash', input: 0.5, output: 3, cached: 0.05 });
    return { token };
  });
}

describe('gemgate backup export / import', () => {
  const source = tempDataDir('backup-src');
  const target = tempDataDir('backup-dst');
  const work = tempDataDir('backup-files');
  const file = path.join(work.dir, 'gemgate.backup');
  const sourceEnv = {
    GEMGATE_DATA_DIR: source.dir,
    GEMGATE_SECRET_STORE: 'file',
    GEMGATE_PASSPHRASE: SOURCE_PASSPHRASE,
    ...BACKUP,
  };
  const targetEnv = {
    GEMGATE_DATA_DIR: target.dir,
    GEMGATE_SECRET_STORE: 'file',
    GEMGATE_PASSPHRASE: 'dst',
    ...BACKUP,
  };
  let emulator: Emulator;
  let keys: string[];
  beforeAll(async () => {
    emulator = await startEmulator();
    keys = [emulator.newKey(), emulator.newKey(), emulator.newKey()];
    await populate(source.dir, keys, emulator.url);
  });
  afterAll(async () => {
    await emulator.close();
    for (const folder of [source, target, work]) folder.cleanup();
  });

  it('exports one encrypted file with no key in clear, and refuses to overwrite one', async () => {
    const exported = await runCli(['backup', 'export', file], { env: sourceEnv });
    expect(exported.stderr).toBe('');
    expect(exported.stdout).toMatch(/Wrote .*: 2 accounts, 3 keys, 2 tokens, 2 settings, 1 prices\./);
    const text = fs.readFileSync(file, 'utf8');
    for (const key of keys) expect(text).not.toContain(key);
    expect(JSON.parse(text)).toMatchObject({ format: 'gemgate-backup', version: 1, cipher: 'aes-256-gcm' });
    expect(fs.statSync(file).mode & 0o077).toBe(0);
    const again = await runCli(['backup', 'export', file], { env: sourceEnv });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/exists; pass --force/);
  });

  it('refuses a wrong passphrase and a tampered file, and changes nothing', async () => {
    const before = readTree(target.dir);
    const wrong = await runCli(['backup', 'import', file], {
      env: { ...targetEnv, GEMGATE_BACKUP_PASSPHRASE: 'not the passphrase' },
    });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/passphrase is wrong, or the file was altered\. Nothing was changed\./);
    const envelope = JSON.parse(fs.readFileSync(file, 'utf8')) as { data: string };
    const tampered = path.join(work.dir, 'tampered.backup');
    const flipped = envelope.data[10] === 'A' ? 'B' : 'A';
    fs.writeFileSync(
      tampered,
      JSON.stringify({ ...envelope, data: envelope.data.slice(0, 10) + flipped + envelope.data.slice(11) }),
    );
    const altered = await runCli(['backup', 'import', tampered, '--replace'], { env: targetEnv });
    expect(altered.code).not.toBe(0);
    expect(altered.stderr).toMatch(/the file was altered/);
    expect(readTree(target.dir)).toEqual(before);
  });

  it('lists the changes in a dry run without making them', async () => {
    const dry = await runCli(['backup', 'import', file, '--dry-run'], { env: targetEnv });
    expect(dry.stderr).toBe('');
    expect(dry.stdout).toContain(`+ key`);
    expect(dry.stdout).toContain(`AIza…${keys[2]!.slice(-4)} (account bob, active)`);
    expect(dry.stdout).toMatch(
      /\+ token tok_\w+: phone; policy: models gemini-2\.5-\*; accounts bob; 30 rpm/,
    );
    expect(dry.stdout).toMatch(/\+ setting resume\.maxAttempts: 3/);
    expect(dry.stdout).toMatch(
      /Dry run \(merge\): 12 to add, 0 to update, 0 to remove, 0 unchanged\. Nothing was changed\./,
    );
    expect(JSON.parse((await runCli(['keys', 'list', '--json'], { env: targetEnv })).stdout)).toEqual([]);
  });

  it('restores every key into the secret store, every token and setting, into an empty data folder', async () => {
    const imported = await runCli(['backup', 'import', file], { env: targetEnv });
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/Imported \(merge\): 12 added/);
    const [restored, original] = await Promise.all([snapshot(targetEnv), snapshot(sourceEnv)]);
    expect(restored).toEqual(original);
    const check = await runCli(['keys', 'check', '--json'], { env: targetEnv });
    expect((JSON.parse(check.stdout) as Array<{ ok: boolean }>).map((result) => result.ok)).toEqual([
      true,
      true,
      true,
    ]);
    for (const [name, bytes] of readTree(target.dir)) {
      for (const key of keys) expect(bytes.includes(key), name).toBe(false);
    }
    const twice = await runCli(['backup', 'import', file], { env: targetEnv });
    expect(twice.stdout).toMatch(/Nothing to import \(merge\)/);
  });
});

describe.skipIf(!keychainAvailable)(
  `backup restored into the real keychain${keychainAvailable ? '' : ` (skipped: ${keychainSkipReason})`}`,
  () => {
    const source = tempDataDir('backup-kc-src');
    const target = tempDataDir('backup-kc-dst');
    const file = path.join(source.dir, '..', `${path.basename(source.dir)}.backup`);
    const sourceEnv = {
      GEMGATE_DATA_DIR: source.dir,
      GEMGATE_SECRET_STORE: 'file',
      GEMGATE_PASSPHRASE: SOURCE_PASSPHRASE,
      ...BACKUP,
    };
    const targetEnv = { GEMGATE_DATA_DIR: target.dir, ...BACKUP };
    let emulator: Emulator;
    afterAll(async () => {
      // Leave nothing behind in the keychain.
      const listed = await runCli(['keys', 'list', '--json'], { env: targetEnv });
      for (const { id } of JSON.parse(listed.stdout || '[]') as Array<{ id: string }>) {
        await runCli(['keys', 'remove', id], { env: targetEnv });
      }
      await emulator?.close();
      fs.rmSync(file, { force: true });
      source.cleanup();
      target.cleanup();
    });

    it('brings the keys back into the OS keychain, and the restored gateway serves the old token', async () => {
      emulator = await startEmulator();
      const keys = [emulator.newKey(), emulator.newKey(), emulator.newKey()];
      const { token } = await populate(source.dir, keys, emulator.url);
      expect((await runCli(['backup', 'export', file], { env: sourceEnv })).code).toBe(0);
      const imported = await runCli(['backup', 'import', file, '--replace'], { env: targetEnv });
      expect(imported.stderr).toBe('');
      expect(imported.stdout).toMatch(/Imported \(replace\)/);
      const keychain = await KeychainStore.open();
      const restored = JSON.parse(
        (await runCli(['keys', 'list', '--json'], { env: targetEnv })).stdout,
      ) as Array<{
        id: string;
      }>;
      expect(restored).toHaveLength(3);
      expect((await Promise.all(restored.map((key) => keychain.get(key.id)))).sort()).toEqual(
        [...keys].sort(),
      );
      const serve = await startServe([], targetEnv);
      try {
        const response = await fetch(`${serve.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
          method: 'POST',
          headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
          body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'restored?' }] }] }),
        });
        expect(response.status).toBe(200);
        // The token's policy came back too: only bob's key may serve it.
        expect(emulator.requests.at(-1)!.apiKey).toBe(keys[2]);
      } finally {
        await serve.stop();
      }
    });
  },
);
