/**
 * What a hostile client token, or anyone on the LAN, costs the gateway (issue 23): `gemgate serve`'s
 * resident memory (read every 20 ms) and how long `GET /health` waits (asked every 50 ms) while
 *
 * - admin: six unsigned 25 MB POSTs reach the admin API at once (item 4);
 * - tiny values: two 18 MB bodies of `[{},{},…]` reach /v1/chat/completions at once (item 5);
 * - near the bound: two bodies of `[{},{},…]` just under the values gemgate parses (item 5);
 * - fetched media: one `/v1/responses` request names four image URLs of 95 MB each, served on
 *   loopback (item 2; `fetch.allowHosts` lets gemgate fetch from 127.0.0.1 where it knows the setting).
 *
 * Each scenario runs on its own fresh `gemgate serve`. Not part of `npm run bench` (a gigabyte or
 * more of memory before the fixes); alone: `node scripts/run-ts.mjs bench/hostileLoads.ts`, and
 * BENCH_SCENARIOS=admin,tiny,nearcap,media picks some. Results: docs/BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { REPO_ROOT, LIFT_ALL_LIMITS, runCli, startServe } from '../test/support/cli.js';
import { tempDataDir } from '../test/support/dataDir.js';
import { rssMb } from './support/processStats.js';
import { startBundledChild } from './support/processes.js';
import { fixed, table } from './support/stats.js';

const MB = 1024 * 1024;
/** Longest a single /health is waited for. */
const HEALTH_WAIT_MS = 120_000;
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'admin,tiny,nearcap,media').split(',');

interface Load {
  /** What every request of the load got, e.g. `401 ×6`. */
  answers: string;
  /** From the first byte sent to the last answer. */
  seconds: number;
}

interface Measured extends Load {
  idle: number;
  peak: number;
  healthMaxMs: number;
}

async function measure(
  emulatorUrl: string,
  key: string,
  settings: Record<string, string>,
  load: (url: string, token: string) => Promise<Load>,
): Promise<Measured> {
  const data = tempDataDir('bench-hostile');
  const env = { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'bench passphrase' };
  const cli = async (args: string[]) => {
    const result = await runCli(['--data-dir', data.dir, ...args], { env });
    return { ok: result.code === 0, stdout: result.stdout };
  };
  await cli(['config', 'set', 'upstream.baseUrl', emulatorUrl]);
  // A setting a build does not know yet (measuring before a fix) is skipped.
  for (const [name, value] of Object.entries(settings)) await cli(['config', 'set', name, value]);
  await cli(['keys', 'add', '--account', 'bench', key]);
  await cli(LIFT_ALL_LIMITS);
  const { token } = JSON.parse((await cli(['tokens', 'create', 'bench', '--json'])).stdout) as {
    token: string;
  };
  const serve = await startServe(['--data-dir', data.dir], env);
  const pid = serve.child.pid!;
  try {
    await sleep(1000);
    const idle = rssMb(pid);
    let peak = idle;
    let crashed = false;
    const sample = () => {
      try {
        peak = Math.max(peak, rssMb(pid));
      } catch {
        crashed = true; // the process is gone (out of memory, before the fixes)
      }
    };
    const sampler = setInterval(sample, 20);
    let healthMaxMs = 0;
    let loading = true;
    const health = (async () => {
      while (loading) {
        const asked = performance.now();
        // A gateway frozen past the bound counts as frozen that long (the table says ≥).
        await fetch(`${serve.url}/health`, { signal: AbortSignal.timeout(HEALTH_WAIT_MS) })
          .then((response) => response.text())
          .catch(() => undefined);
        healthMaxMs = Math.max(healthMaxMs, performance.now() - asked);
        await sleep(50);
      }
    })();
    const outcome = await load(serve.url, token);
    loading = false;
    await health;
    sample();
    clearInterval(sampler);
    return {
      ...outcome,
      answers: crashed ? `${outcome.answers} (gemgate died)` : outcome.answers,
      idle,
      peak,
      healthMaxMs,
    };
  } finally {
    await serve.stop('SIGKILL');
    data.cleanup();
  }
}

/** `count` POSTs of `body` at once, each on its own connection; what they got and how long it took. */
async function postAll(
  url: string,
  headers: Record<string, string>,
  body: Buffer,
  count: number,
): Promise<Load> {
  const agent = new Agent({ connections: count, bodyTimeout: 600_000, headersTimeout: 600_000 });
  const started = performance.now();
  try {
    const statuses = await Promise.all(
      Array.from({ length: count }, async () => {
        try {
          const response = await request(url, { method: 'POST', dispatcher: agent, headers, body });
          await response.body.text();
          return String(response.statusCode);
        } catch (error) {
          return (error as { code?: string }).code ?? 'error';
        }
      }),
    );
    const counts = new Map<string, number>();
    for (const status of statuses) counts.set(status, (counts.get(status) ?? 0) + 1);
    return {
      answers: [...counts].map(([status, n]) => `${status} ×${n}`).join(', '),
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await agent.close();
  }
}

/** `[{},{},…]` as the messages of a chat completion, `mb` megabytes of it. */
function tinyValues(mb: number): Buffer {
  const count = Math.floor((mb * MB) / 3);
  return Buffer.from(`{"model":"gemini-2.5-flash","messages":[${'{},'.repeat(count - 1)}{}]}`);
}

/** Serves `mb` megabytes of a PNG at any path, on loopback. */
async function mediaServer(mb: number): Promise<{ url: string; close(): Promise<void> }> {
  const png = Buffer.alloc(mb * MB, 0x41);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length });
    res.end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const emulator = await startBundledChild('bench/support/emulatorMain.ts');
  const media = await mediaServer(95);
  const header = ['load', 'answers', 'took', 'idle RSS', 'peak RSS', 'slowest /health'];
  process.stdout.write(`${table(header, [])}\n`);
  const row = (name: string, m: Measured) =>
    process.stdout.write(
      `${table(header, [
        [
          name,
          m.answers,
          `${fixed(m.seconds, 1)} s`,
          `${fixed(m.idle, 0)} MB`,
          `${fixed(m.peak, 0)} MB`,
          `${m.healthMaxMs >= HEALTH_WAIT_MS ? '≥ ' : ''}${fixed(m.healthMaxMs, 0)} ms`,
        ],
      ])
        .split('\n')
        .at(-1)}\n`,
    );
  try {
    const key = /key (\S+)/.exec(emulator.stdout())![1]!;
    if (SCENARIOS.includes('admin')) {
      const body = Buffer.from(JSON.stringify({ account: 'x', keys: ['A'.repeat(25 * MB - 40)] }));
      const measured = await measure(emulator.url, key, {}, (url) =>
        postAll(
          `${url}/admin/api/keys`,
          { 'content-type': 'application/json', 'x-gemgate-admin': '1' },
          body,
          6,
        ),
      );
      row('admin: 6 unsigned 25 MB POSTs', measured);
    }
    if (SCENARIOS.includes('tiny')) {
      const body = tinyValues(18);
      const measured = await measure(emulator.url, key, {}, (url, token) =>
        postAll(
          `${url}/v1/chat/completions`,
          { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
          2,
        ),
      );
      row('tiny values: 2 bodies of 18 MB', measured);
    }
    if (SCENARIOS.includes('nearcap')) {
      // Just under the bound on values (MAX_JSON_VALUES): parsed and validated, not refused early.
      const body = tinyValues(0.7);
      const measured = await measure(emulator.url, key, {}, (url, token) =>
        postAll(
          `${url}/v1/chat/completions`,
          { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
          2,
        ),
      );
      row(
        `tiny values: 2 bodies of 0.7 MB (${Math.round((body.length * 2) / 3 / 1000)}k values each)`,
        measured,
      );
    }
    if (SCENARIOS.includes('media')) {
      const content = [0, 1, 2, 3].map((i) => ({
        type: 'input_image',
        image_url: `${media.url}/big-${i}.png`,
      }));
      const body = Buffer.from(
        JSON.stringify({
          model: 'gemini-2.5-flash',
          input: [{ role: 'user', content: [...content, { type: 'input_text', text: 'Describe.' }] }],
        }),
      );
      const measured = await measure(emulator.url, key, { 'fetch.allowHosts': '127.0.0.1' }, (url, token) =>
        postAll(
          `${url}/v1/responses`,
          { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
          1,
        ),
      );
      row(`fetched media: 4 URLs of 95 MB in a ${body.length}-byte request`, measured);
    }
  } finally {
    await media.close();
    await emulator.stop();
  }
}

await main();
