import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { LIFT_ALL_LIMITS, runCli, startServe, type ServeProcess } from '../support/cli.js';
import { tempDataDir } from '../support/dataDir.js';
import { readUsageRows } from '../support/usageLog.js';

/**
 * `gemgate serve` killed with SIGKILL while streams are in flight (issue 23, item 10). Gemini bills
 * a stream from its first tokens, whether or not gemgate lives to log it: after the restart each
 * stream the client was getting has its row in the request log (cut off, with what it had been
 * billed), and a client with a daily spend limit finds that spend counted.
 */
const env = { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'crash passphrase' };

describe('kill -9 while streams are in flight, then restart', () => {
  const data = tempDataDir('crash-stream');
  let emulator: Emulator;
  let serve: ServeProcess | undefined;
  let token: string;

  const cli = async (args: string[]) => {
    const result = await runCli(['--data-dir', data.dir, ...args], { env });
    expect(result.code, `gemgate ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    // Slow answers: a few characters every 100 ms, so a stream is still going when the process dies.
    emulator = await startEmulator({ chunkChars: 6, chunkDelayMs: 100 });
    await cli(['config', 'set', 'upstream.baseUrl', emulator.url]);
    await cli(['keys', 'add', '--account', 'alpha', emulator.newKey()]);
    await cli(LIFT_ALL_LIMITS);
    // A spend limit so small that one answer reaches it.
    token = (
      JSON.parse(await cli(['tokens', 'create', 'streamer', '--daily-usd', '0.000001', '--json'])) as {
        token: string;
      }
    ).token;
  }, 60_000);

  afterAll(async () => {
    if (serve?.child.exitCode === null) await serve.stop('SIGKILL');
    await emulator?.close();
    data.cleanup();
  });

  /** Opens a stream and resolves once its first `bytes` have arrived; the stream is left open. */
  async function streamUntil(path: string, body: unknown, bytes: number): Promise<void> {
    const response = await fetch(`${serve!.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let received = 0;
    while (received < bytes) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the stream ended before the gateway was killed');
      received += value.byteLength;
    }
    void reader.read().catch(() => undefined);
  }

  it('logs every stream the client was getting, with its cost, and spend limits count it', async () => {
    serve = await startServe(['--data-dir', data.dir], env);
    const prompt = 'Tell me a long story about a lighthouse keeper.';
    await Promise.all([
      streamUntil(
        '/v1/chat/completions',
        { model: 'gemini-2.5-flash', stream: true, messages: [{ role: 'user', content: prompt }] },
        400,
      ),
      streamUntil(
        '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
        { contents: [{ role: 'user', parts: [{ text: prompt }] }] },
        400,
      ),
    ]);
    // Past a progress report of each (about one a second).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await serve.stop('SIGKILL');

    serve = await startServe(['--data-dir', data.dir], env);
    const rows = readUsageRows(data.dir).filter((row) => row.stream === 1);
    expect(rows.map((row) => row.endpoint).sort()).toEqual(['chat.completions', 'streamGenerateContent']);
    for (const row of rows) {
      expect(row).toMatchObject({ status: 200, outcome: 'incomplete', error_class: 'gateway_stopped' });
      expect(Number(row.prompt_tokens)).toBeGreaterThan(0);
      expect(Number(row.output_tokens)).toBeGreaterThan(0);
      expect(Number(row.cost_usd)).toBeGreaterThan(0);
    }

    const refused = await fetch(`${serve.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'one more' }] }),
    });
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: { code: 'daily_spend_limit' } });
    await serve.stop();
  });
});
