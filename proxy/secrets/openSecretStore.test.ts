import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRETS_FILE } from './fileStore.js';
import type { Keytar } from './keychainStore.js';
import { GENERATED_PASSPHRASE_FILE, openSecretStore } from './openSecretStore.js';
import { SecretStoreError } from './secretStore.js';
import { tempDataDir } from '../../test/support/dataDir.js';
import { randomApiKey } from '../../test/support/keys.js';

/** keytar answering from memory, as the Secret Service would. */
function keychainInMemory(): Keytar {
  const kept = new Map<string, string>();
  return {
    getPassword: async (service: string, id: string) => kept.get(`${service}/${id}`) ?? null,
    setPassword: async (service: string, id: string, secret: string) =>
      void kept.set(`${service}/${id}`, secret),
    deletePassword: async (service: string, id: string) => kept.delete(`${service}/${id}`),
  } as unknown as Keytar;
}

/** What `require('keytar')` throws where `npm ci` could not build it and left the optional module out. */
const notInstalled = () =>
  Object.assign(new Error("Cannot find module 'keytar'"), { code: 'MODULE_NOT_FOUND' });

describe('openSecretStore: which store keeps the keys', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));
  const folder = () => {
    const { dir, cleanup } = tempDataDir('secret-choice');
    cleanups.push(cleanup);
    return dir;
  };

  it.each<[string, Record<string, string>, 'loads' | 'missing', 'keychain' | 'file']>([
    ['unset, the keychain module loads', {}, 'loads', 'keychain'],
    ['unset, the keychain module is missing', {}, 'missing', 'file'],
    ['keychain, the module loads', { GEMGATE_SECRET_STORE: 'keychain' }, 'loads', 'keychain'],
    ['file, the module loads', { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'p' }, 'loads', 'file'],
    [
      'file, the module is missing',
      { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'p' },
      'missing',
      'file',
    ],
  ])('GEMGATE_SECRET_STORE %s: %s', async (_case, env, module, kind) => {
    const store = await openSecretStore(folder(), env, () =>
      module === 'loads' ? keychainInMemory() : notInstalled(),
    );
    expect(store.kind).toBe(kind);
  });

  it('asked for the keychain whose module is missing, it fails and says how to install it', async () => {
    const opening = openSecretStore(folder(), { GEMGATE_SECRET_STORE: 'keychain' }, notInstalled);
    await expect(opening).rejects.toBeInstanceOf(SecretStoreError);
    await expect(opening).rejects.toThrow(/could not be loaded.*libsecret-1-dev, python3, make and g\+\+/);
  });

  it('on a bare machine: an encrypted file under a passphrase made once, kept beside it, shared by every command', async () => {
    const dir = folder();
    const key = randomApiKey();
    const serve = await openSecretStore(dir, {}, notInstalled);
    await serve.set('key_1', key);
    expect(serve.description).toBe(
      `the encrypted file ${path.join(dir, SECRETS_FILE)}, unlocked by a passphrase kept in ${GENERATED_PASSPHRASE_FILE} beside it: the OS keychain module (keytar) is not installed; for the keychain, install libsecret-1-dev, python3, make and g++ (Debian/Ubuntu), then run npm ci again`,
    );
    const passphraseFile = path.join(dir, GENERATED_PASSPHRASE_FILE);
    expect(fs.statSync(passphraseFile).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(path.join(dir, SECRETS_FILE), 'utf8')).not.toContain(key);

    // `gemgate keys add` in another terminal opens the same store with the same passphrase.
    const cli = await openSecretStore(dir, {}, notInstalled);
    expect(await cli.get('key_1')).toBe(key);
    expect(fs.readdirSync(dir).filter((name) => name.includes(GENERATED_PASSPHRASE_FILE))).toEqual([
      GENERATED_PASSPHRASE_FILE,
    ]);
  });

  it('on a bare machine with GEMGATE_PASSPHRASE: that passphrase, and no file made for one', async () => {
    const dir = folder();
    const store = await openSecretStore(dir, { GEMGATE_PASSPHRASE: 'mine' }, notInstalled);
    await store.set('key_1', 'secret');
    expect(store.description).toMatch(/unlocked by GEMGATE_PASSPHRASE: the OS keychain module/);
    expect(fs.existsSync(path.join(dir, GENERATED_PASSPHRASE_FILE))).toBe(false);
    const again = await openSecretStore(dir, { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'mine' });
    expect(await again.get('key_1')).toBe('secret');
  });

  it('never falls back to a file when the keychain module loads but the keychain does not answer', async () => {
    const dir = folder();
    const broken = {
      getPassword: async () => {
        throw new Error('Cannot autolaunch D-Bus without X11 $DISPLAY');
      },
    } as unknown as Keytar;
    await expect(openSecretStore(dir, {}, () => broken)).rejects.toThrow(/OS keychain is not available/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
