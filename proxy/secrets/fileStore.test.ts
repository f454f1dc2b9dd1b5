import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore, SECRETS_FILE } from './fileStore.js';
import { tempDataDir } from '../../test/support/dataDir.js';
import { randomApiKey } from '../../test/support/keys.js';

describe('FileSecretStore', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  const folder = () => {
    const { dir, cleanup } = tempDataDir('secrets');
    cleanups.push(cleanup);
    return dir;
  };

  it('round-trips secrets across reopen, and never writes them in clear', async () => {
    const dir = folder();
    const key = randomApiKey();
    const store = FileSecretStore.open(dir, 'correct horse');
    await store.set('key_a', key);
    await store.set('key_b', 'second');
    expect(await store.delete('key_b')).toBe(true);

    const reopened = FileSecretStore.open(dir, 'correct horse');
    expect(await reopened.get('key_a')).toBe(key);
    expect(await reopened.get('key_b')).toBeNull();
    const raw = fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8');
    expect(raw).not.toContain(key);
    expect(raw).not.toContain(key.slice(4, 20));
    expect((fs.statSync(path.join(dir, SECRETS_FILE)).mode & 0o777).toString(8)).toBe('600');
  });

  it('refuses a wrong passphrase and leaves the file as it was', async () => {
    const dir = folder();
    await FileSecretStore.open(dir, 'right').set('key_a', randomApiKey());
    const before = fs.readFileSync(path.join(dir, SECRETS_FILE));
    expect(() => FileSecretStore.open(dir, 'wrong')).toThrow(/passphrase in GEMGATE_PASSPHRASE is wrong/);
    expect(fs.readFileSync(path.join(dir, SECRETS_FILE))).toEqual(before);
  });

  it('refuses a file with a single byte changed', async () => {
    const dir = folder();
    await FileSecretStore.open(dir, 'right').set('key_a', randomApiKey());
    const file = path.join(dir, SECRETS_FILE);
    const sealed = JSON.parse(fs.readFileSync(file, 'utf8')) as { data: string };
    const data = Buffer.from(sealed.data, 'base64');
    data[0] = data[0]! ^ 1;
    fs.writeFileSync(file, JSON.stringify({ ...sealed, data: data.toString('base64') }));
    expect(() => FileSecretStore.open(dir, 'right')).toThrow(/wrong, or the file was altered/);
  });

  it('names the fix when no passphrase is set', () => {
    expect(() => FileSecretStore.open(folder(), undefined)).toThrow(/set GEMGATE_PASSPHRASE/);
  });
});

describe('FileSecretStore shared by two processes (the gateway and `gemgate keys add`)', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

  it('each sees what the other wrote, and neither drops it when it writes next', async () => {
    const { dir, cleanup } = tempDataDir('secrets-shared');
    cleanups.push(cleanup);
    const gateway = FileSecretStore.open(dir, 'pass');
    await gateway.set('responses', 'sealing key');
    const cli = FileSecretStore.open(dir, 'pass');
    const added = randomApiKey();
    await cli.set('key_new', added);

    // The gateway reloading its keys finds the one the CLI added...
    expect(await gateway.get('key_new')).toBe(added);
    // ...and its own next write keeps it.
    await gateway.set('key_other', 'x');
    const reopened = FileSecretStore.open(dir, 'pass');
    expect(await reopened.get('key_new')).toBe(added);
    expect(await reopened.get('responses')).toBe('sealing key');
    expect(await cli.get('key_other')).toBe('x');
  });

  it('a store opened before the file existed reads the file another process created', async () => {
    const { dir, cleanup } = tempDataDir('secrets-late');
    cleanups.push(cleanup);
    const early = FileSecretStore.open(dir, 'pass');
    await FileSecretStore.open(dir, 'pass').set('key_a', 'a');
    expect(await early.get('key_a')).toBe('a');
    await early.delete('key_a');
    expect(await FileSecretStore.open(dir, 'pass').get('key_a')).toBeNull();
  });
});
