/**
 * Memory while big JSON bodies arrive at once: three clients each send a 90 MB generateContent (a
 * PDF inline, base64), together, to `gemgate serve`, which relays them to the emulator. gemgate's
 * resident memory is read every 20 ms from before the first byte to after the last answer, with
 * the body budget (`server.bodyBudgetMB`) at 100 MB (one such body at a time), at its default of
 * 200 MB (two at a time) and, in the same run, lifted (16 GB: all at once) as the baseline. Each
 * scenario runs on its own fresh `gemgate serve`; BENCH_CLIENTS and BENCH_BODY_MB change the load.
 * Part of `npm run bench`; alone: `node scripts/run-ts.mjs bench/bigBodies.ts`. Method and recorded
 * results: docs/BENCHMARKS.md.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { REPO_ROOT, LIFT_ALL_LIMITS, runCli, startServe } from '../test/support/cli.js';
import { tempDataDir } from '../test/support/dataDir.js';
import { rssMb } from './support/processStats.js';
import { startBundledChild } from './support/processes.js';
import { fixed, table } from './support/stats.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 3);
const BODY_MB = Number(process.env.BENCH_BODY_MB ?? 90);
const SAMPLE_MS = 20;
const SETTLE_MS = 3000;

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function machine(): string {
  const cpus = os.cpus();
  return [
    `${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${cpus.length} cores`,
    `${Math.round(os.totalmem() / 2 ** 30)} GB RAM`,
    `${os.platform()} ${os.release()}`,
    `Node ${process.version}`,
    new Date().toISOString().slice(0, 10),
  ].join(', ');
}

/** A generateContent body of about BODY_MB: one inline PDF (base64) and a question. */
function bigBody(): Buffer {
  const raw = Math.floor((BODY_MB * 1024 * 1024 * 3) / 4) - 1024;
  const data = Buffer.alloc(raw, 0x25).toString('base64');
  return Buffer.from(
    JSON.stringify({
      contents: [
        {
          role: 'user',
          parts: [{ inlineData: { mimeType: 'application/pdf', data } }, { text: 'Summarise it.' }],
        },
      ],
    }),
  );
}

interface Scenario {
  name: string;
  budgetMb: number;
}

interface Outcome {
  idle: number;
  peak: number;
  settled: number;
  /** When each client's answer ended, from the common start (ms), sorted. */
  finished: number[];
}

async function run(scenario: Scenario, emulatorUrl: string, key: string, body: Buffer): Promise<Outcome> {
  const data = tempDataDir('bench-big-bodies');
  const env = { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'bench passphrase' };
  const cli = async (args: string[]) => {
    const result = await runCli(['--data-dir', data.dir, ...args], { env });
    if (result.code !== 0) throw new Error(`gemgate ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  };
  await cli(['config', 'set', 'upstream.baseUrl', emulatorUrl]);
  await cli(['config', 'set', 'server.bodyBudgetMB', String(scenario.budgetMb)]);
  await cli(['keys', 'add', '--account', 'bench', key]);
  await cli(LIFT_ALL_LIMITS);
  const { token } = JSON.parse(await cli(['tokens', 'create', 'bench', '--json'])) as { token: string };
  const serve = await startServe(['--data-dir', data.dir], env);
  const pid = serve.child.pid!;
  const agent = new Agent({ connections: CLIENTS, bodyTimeout: 300_000, headersTimeout: 300_000 });
  try {
    await sleep(1000);
    const idle = rssMb(pid);
    let peak = idle;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(pid));
    }, SAMPLE_MS);
    const started = performance.now();
    const finished = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const response = await request(`${serve.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', 'x-goog-api-key': token },
          body,
        });
        const text = await response.body.text();
        if (response.statusCode !== 200)
          throw new Error(`HTTP ${response.statusCode}: ${text.slice(0, 300)}`);
        return performance.now() - started;
      }),
    );
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(pid));
    await sleep(SETTLE_MS);
    return { idle, peak, settled: rssMb(pid), finished: finished.sort((a, b) => a - b) };
  } finally {
    await agent.close();
    await serve.stop();
    data.cleanup();
  }
}

async function main(): Promise<void> {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  log(`# ${CLIENTS} clients, ${BODY_MB} MB JSON bodies at once\n\nMachine: ${machine()}`);
  const emulator = await startBundledChild('bench/support/emulatorMain.ts');
  try {
    const key = /key (\S+)/.exec(emulator.stdout())![1]!;
    const body = bigBody();
    log(`Body: ${fixed(body.length / 1024 / 1024, 1)} MB of JSON each.\n`);
    const scenarios: Scenario[] = [
      { name: 'budget 100 MB: one body at a time', budgetMb: 100 },
      { name: 'budget 200 MB (default): two at a time', budgetMb: 200 },
      { name: 'budget lifted (16 GB): all at once', budgetMb: 16_384 },
    ];
    const rows: string[][] = [];
    const peaks: number[] = [];
    for (const scenario of scenarios) {
      const outcome = await run(scenario, emulator.url, key, body);
      peaks.push(outcome.peak);
      rows.push([
        scenario.name,
        `${fixed(outcome.idle, 0)} MB`,
        `${fixed(outcome.peak, 0)} MB`,
        `${fixed(outcome.peak - outcome.idle, 0)} MB`,
        `${fixed(outcome.settled, 0)} MB`,
        outcome.finished.map((ms) => `${fixed(ms / 1000, 1)} s`).join(', '),
      ]);
    }
    log(
      table(['scenario', 'idle RSS', 'peak RSS', 'peak − idle', 'RSS 3 s after', 'answers ended at'], rows),
    );
    log(
      `\nPeak RSS over the lifted budget's: ${scenarios
        .slice(0, -1)
        .map((scenario, i) => `${scenario.budgetMb} MB ${fixed(peaks[i]! / peaks.at(-1)!, 2)}×`)
        .join(', ')}`,
    );
  } finally {
    await emulator.stop();
  }
}

await main();
