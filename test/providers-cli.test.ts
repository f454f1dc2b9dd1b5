import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliEnv } from './support/cli.js';
import { tempDataDir } from './support/dataDir.js';
import { startOpenAIEmulator, type OpenAIEmulator } from './emulator-openai/index.js';

const FILE_STORE = { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'providers cli passphrase' };
const BACKUP = { GEMGATE_BACKUP_PASSPHRASE: 'providers backup passphrase' };

interface ProviderRow {
  name: string;
  kind: string;
  baseUrl: string;
  models?: string[];
  modelsSource?: string;
  continuation?: string;
  keys: number;
  activeKeys: number;
}
interface KeyRow {
  id: string;
  masked: string;
  provider: string;
  account: string;
  state: string;
}

/** `gemgate providers …` and `keys add --provider` as a user runs them, against the DashScope-shaped emulator. */
describe('gemgate providers (CLI)', () => {
  let emulator: OpenAIEmulator;
  const data = tempDataDir('providers-cli');
  const env: CliEnv = { ...FILE_STORE, GEMGATE_DATA_DIR: data.dir };
  const json = async <T>(args: string[], over: CliEnv = env): Promise<T> => {
    const result = await runCli([...args, '--json'], { env: over });
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout) as T;
  };
  /** Everything a failed command must leave as it was. */
  const state = async (over: CliEnv = env) => ({
    providers: await json<ProviderRow[]>(['providers', 'list'], over),
    keys: await json<KeyRow[]>(['keys', 'list'], over),
  });

  beforeAll(async () => {
    emulator = await startOpenAIEmulator();
  });
  afterAll(async () => {
    await emulator.close();
    data.cleanup();
  });

  it('adds a provider, lists its models once its first key is added, and the key masked', async () => {
    const added = await runCli(
      ['providers', 'add', 'qwen', '--kind', 'openai-compatible', '--base-url', emulator.baseUrl],
      { env },
    );
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('added provider qwen');
    expect(added.stdout).toContain('first key');

    const key = emulator.newKey();
    const keyAdded = await runCli(['keys', 'add', '--provider', 'qwen', '--account', 'aliyun'], {
      env,
      input: `${key}\n`,
    });
    expect(keyAdded.stderr).toBe('');
    expect(keyAdded.stdout).toMatch(new RegExp(`^added key_\\w+ sk-.…${key.slice(-4)}\\n$`));

    const [gemini, qwen] = await json<ProviderRow[]>(['providers', 'list']);
    expect(gemini).toMatchObject({ name: 'gemini', kind: 'gemini' });
    expect(qwen).toMatchObject({
      name: 'qwen',
      kind: 'openai-compatible',
      baseUrl: emulator.baseUrl,
      modelsSource: 'fetched',
      continuation: 'prompt',
      keys: 1,
      activeKeys: 1,
    });
    expect(qwen!.models).toEqual(['qwen-plus', 'qwen-max', 'qwen-flash', 'qwen-turbo', 'text-embedding-v4']);
    const keys = await json<KeyRow[]>(['keys', 'list']);
    expect(keys).toEqual([expect.objectContaining({ provider: 'qwen', account: 'aliyun', state: 'active' })]);
    expect(fs.readFileSync(path.join(data.dir, 'gemgate.db')).toString('latin1')).not.toContain(key);
  });

  it('refuses a duplicate name, an unreachable URL and a key the provider refuses, and changes nothing', async () => {
    const before = await state();
    const duplicate = await runCli(['providers', 'add', 'qwen', '--base-url', emulator.baseUrl], { env });
    expect(duplicate.code).not.toBe(0);
    expect(duplicate.stderr).toContain('already exists');

    // A port nothing listens on.
    const unreachable = await runCli(['providers', 'add', 'nowhere', '--base-url', 'http://127.0.0.1:9/v1'], {
      env,
    });
    expect(unreachable.code).not.toBe(0);
    expect(unreachable.stderr).toMatch(/could not be reached.*Nothing was added/s);

    const notAUrl = await runCli(['providers', 'add', 'typo', '--base-url', 'dashscope-everywhere'], { env });
    expect(notAUrl.code).not.toBe(0);
    expect(notAUrl.stderr).toContain('neither a URL nor a preset');

    // Shaped like a DashScope key, but not one the service knows; with a good one beside it.
    const good = emulator.newKey();
    const refused = await runCli(['keys', 'add', '--provider', 'qwen', '--account', 'aliyun'], {
      env,
      input: `${good}\nsk-${'0'.repeat(32)}\n`,
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(
      /Key #2 \(sk-0…0000\) was refused by qwen: InvalidApiKey.*Nothing was added/s,
    );

    const unknown = await runCli(
      ['keys', 'add', '--provider', 'deepsea', '--account', 'x', emulator.newKey()],
      { env },
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('No provider "deepsea"');
    expect(await state()).toEqual(before);
  });

  it('checks a provider key with its provider, and disables one it refuses', async () => {
    const [key] = await json<KeyRow[]>(['keys', 'list']);
    const revoked = emulator.newKey();
    await runCli(['keys', 'add', '--provider', 'qwen', '--account', 'aliyun', revoked], { env });
    emulator.setKeyState(revoked, 'invalid');
    const checked = await json<Array<{ id: string; ok: boolean; verdict: string; state: string }>>([
      'keys',
      'check',
    ]);
    expect(checked).toEqual([
      expect.objectContaining({ id: key!.id, ok: true, verdict: 'ok', state: 'active' }),
      expect.objectContaining({ ok: false, verdict: 'invalid', state: 'dead' }),
    ]);
    const removed = await runCli(['keys', 'remove', checked[1]!.id], { env });
    expect(removed.code).toBe(0);
  });

  it('carries providers and their keys through a backup into a new data folder', async () => {
    const file = path.join(data.dir, 'backup.json');
    const exported = await runCli(['backup', 'export', file], { env: { ...env, ...BACKUP } });
    expect(exported.stderr).toBe('');
    const target = tempDataDir('providers-cli-restore');
    try {
      const restoredEnv: CliEnv = { ...FILE_STORE, GEMGATE_DATA_DIR: target.dir };
      const imported = await runCli(['backup', 'import', file], { env: { ...restoredEnv, ...BACKUP } });
      expect(imported.stderr).toBe('');
      expect(imported.stdout).toMatch(/^\+ provider qwen: /m);
      expect(await state(restoredEnv)).toEqual(await state());
      // The key's secret came along: the provider accepts it from the restored folder.
      const checked = await json<Array<{ ok: boolean }>>(['keys', 'check'], restoredEnv);
      expect(checked).toEqual([expect.objectContaining({ ok: true })]);
    } finally {
      target.cleanup();
    }
  });

  it("prices a provider's model in tiers by prompt length", async () => {
    const set = await runCli(
      [
        'prices',
        'set',
        'qwen/qwen-plus',
        '--input',
        '0.4',
        '--output',
        '1.2',
        '--tier',
        '256000:0.4:1.2',
        '--tier',
        '1000000:1.2:3.6:0.24',
      ],
      { env },
    );
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain(
      'up to 256000 prompt tokens: input $0.4, output $1.2; up to 1000000 prompt tokens',
    );
    const listed = await json<{ prices: Array<{ model: string; tiers?: unknown }> }>(['prices', 'list']);
    expect(listed.prices.find((price) => price.model === 'qwen/qwen-plus')?.tiers).toEqual([
      { upTo: 256_000, input: 0.4, output: 1.2 },
      { upTo: 1_000_000, input: 1.2, output: 3.6, cached: 0.24 },
    ]);
    const wrong = await runCli(
      ['prices', 'set', 'qwen/qwen-max', '--input', '1', '--output', '1', '--tier', '5:1'],
      { env },
    );
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('--tier takes upTo:input:output');
  });

  it('removes a provider with its keys', async () => {
    const removed = await runCli(['providers', 'remove', 'qwen'], { env });
    expect(removed.stderr).toBe('');
    expect(removed.stdout).toContain('removed provider qwen and its 1 key');
    expect(await state()).toMatchObject({
      providers: [expect.objectContaining({ name: 'gemini' })],
      keys: [],
    });
  });

  it('takes a preset by name', async () => {
    // The preset's own URL is not reachable here: the check says so, and nothing is added.
    const result = await runCli(['providers', 'add', 'qwen', '--base-url', 'dashscope-intl'], {
      env,
      timeoutMs: 40_000,
    });
    if (result.code === 0) {
      expect(result.stdout).toContain('https://dashscope-intl.aliyuncs.com/compatible-mode/v1');
      expect(result.stdout).toContain('continuation: partial');
    } else {
      expect(result.stderr).toContain(
        'https://dashscope-intl.aliyuncs.com/compatible-mode/v1 could not be reached',
      );
    }
  });
});
