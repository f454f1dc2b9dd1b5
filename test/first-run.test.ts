import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from './emulator/index.js';
import { runCli, startServe, type ServeProcess, type CliResult } from './support/cli.js';
import { readTree, tempDataDir } from './support/dataDir.js';
import { keychainAvailable, keychainSkipReason } from './support/keychain.js';

/**
 * A new user's first run, end to end: add a key with the CLI (into the real OS keychain), create a
 * token, `gemgate serve`, point the @google/genai SDK at it. The key must then be nowhere but in
 * the keychain: not in the data folder, not in anything gemgate printed or logged.
 */
describe.skipIf(!keychainAvailable)(
  `first run with the real keychain${keychainAvailable ? '' : ` (skipped: ${keychainSkipReason})`}`,
  () => {
    const data = tempDataDir('first-run');
    const env = { GEMGATE_DATA_DIR: data.dir, GEMGATE_LOG_LEVEL: 'debug' };
    const printed: CliResult[] = [];
    let emulator: Emulator;
    let serve: ServeProcess;
    let key: string;
    let token: string;
    const cli = async (args: string[], input?: string) => {
      const result = await runCli(args, { env, input });
      printed.push(result);
      return result;
    };

    beforeAll(async () => {
      emulator = await startEmulator();
      key = emulator.newKey();
      expect((await cli(['config', 'set', 'upstream.baseUrl', emulator.url])).code).toBe(0);
      const added = await cli(['keys', 'add', '--account', 'personal'], `${key}\n`);
      expect(added.code, added.stderr).toBe(0);
      token = (JSON.parse((await cli(['tokens', 'create', 'sdk', '--json'])).stdout) as { token: string })
        .token;
      serve = await startServe([], env);
    });
    afterAll(async () => {
      await serve?.stop();
      await emulator?.close();
      data.cleanup();
    });

    it('serves whole and streamed answers exactly as Gemini produced them', async () => {
      const ai = new GoogleGenAI({ apiKey: token, httpOptions: { baseUrl: serve.url } });
      const whole = await ai.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: 'first question',
      });
      expect(whole.text).toBe(emulator.expectedText('first question'));
      let streamed = '';
      for await (const chunk of await ai.models.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: 'second question',
      })) {
        streamed += chunk.text ?? '';
      }
      expect(streamed).toBe(emulator.expectedText('second question'));
      expect(
        emulator.requests
          .filter((request) => request.action?.includes('enerateContent'))
          .every((r) => r.apiKey === key),
      ).toBe(true);
    });

    it('keys list shows the key masked, and a key check passes', async () => {
      const list = await cli(['keys', 'list']);
      expect(list.stdout).toContain(`AIza…${key.slice(-4)}`);
      const check = await cli(['keys', 'check', '--json']);
      expect(JSON.parse(check.stdout)).toEqual([expect.objectContaining({ ok: true, verdict: 'ok' })]);
    });

    it('leaves the key nowhere but in the keychain: not in the data folder, output or logs', async () => {
      await serve.stop();
      const { stdout, stderr } = serve.output();
      expect(stderr).toMatch(/gateway started/); // the log is there, and was searched
      const haystacks: Array<[string, string | Buffer]> = [
        ['serve stdout', stdout],
        ['serve stderr', stderr],
        ...printed.flatMap((result, i): Array<[string, string]> => [
          [`cli #${i} stdout`, result.stdout],
          [`cli #${i} stderr`, result.stderr],
        ]),
        ...readTree(data.dir),
      ];
      for (const [where, content] of haystacks) {
        expect(content.includes(key), where).toBe(false);
        expect(content.includes(key.slice(4, 24)), where).toBe(false);
      }
    });
  },
);
