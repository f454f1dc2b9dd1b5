import fs from 'node:fs';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator/index.js';
import { LIFT_ALL_LIMITS, REPO_ROOT, runCli, startServe, type ServeProcess } from './support/cli.js';
import { tempDataDir } from './support/dataDir.js';

/**
 * `npm ci && npx gemgate serve` on a bare Debian: keytar, an optional dependency, could not be built
 * and is missing (played by a preload that makes `require('keytar')` fail as it does then). Nothing
 * names a secret store or a passphrase, yet keys are added, `serve` starts, says in one line where
 * the keys are and how to get the keychain, and answers with them.
 */
describe('on a machine without the keychain module', () => {
  const data = tempDataDir('bare-machine');
  const env = {
    GEMGATE_DATA_DIR: data.dir,
    NODE_OPTIONS: `--require ${path.join(REPO_ROOT, 'test', 'support', 'withoutKeytar.cjs')}`,
  };
  let emulator: Emulator;
  let serve: ServeProcess;
  let key: string;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    key = emulator.newKey();
    expect((await runCli(['config', 'set', 'upstream.baseUrl', emulator.url], { env })).code).toBe(0);
    expect((await runCli(LIFT_ALL_LIMITS, { env })).code).toBe(0);
    const added = await runCli(['keys', 'add', '--account', 'laptop'], { env, input: `${key}\n` });
    expect(added.code, added.stderr).toBe(0);
    token = (
      JSON.parse((await runCli(['tokens', 'create', 'app', '--json'], { env })).stdout) as { token: string }
    ).token;
    serve = await startServe([], env);
  });
  afterAll(async () => {
    await serve?.stop();
    await emulator?.close();
    data.cleanup();
  });

  it('serve says in one line that keys are in the encrypted file, and how to get the keychain', async () => {
    // The line comes right after the two `serve` always prints, perhaps in a later chunk.
    const saidLines = () =>
      serve
        .output()
        .stdout.split('\n')
        .filter((line) => line.startsWith('Keys are kept in'));
    for (let waited = 0; saidLines().length === 0 && waited < 5000; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const said = saidLines();
    expect(said).toEqual([
      `Keys are kept in the encrypted file ${path.join(data.dir, 'secrets.enc')}, unlocked by a passphrase kept in secrets.passphrase beside it: the OS keychain module (keytar) is not installed; for the keychain, install libsecret-1-dev, python3, make and g++ (Debian/Ubuntu), then run npm ci again.`,
    ]);
  });

  it('serves with the key added in another command, and keeps it only sealed', async () => {
    const client = new OpenAI({ apiKey: token, baseURL: `${serve.url}/v1`, maxRetries: 0 });
    const answer = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Hello from a bare machine.' }],
    });
    expect(answer.choices[0]!.message.content).toBe(emulator.expectedText('Hello from a bare machine.'));
    expect(emulator.requests.at(-1)!.apiKey).toBe(key);
    expect(fs.readFileSync(path.join(data.dir, 'secrets.enc'), 'utf8')).not.toContain(key);
  });
});
