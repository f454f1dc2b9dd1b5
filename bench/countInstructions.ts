/**
 * Instructions per request of two builds of the CLI, counted by valgrind's callgrind:
 * `node scripts/run-ts.mjs bench/countInstructions.ts A.mjs B.mjs [SHOT ...]`. Each build serves the
 * benchmark's emulator under callgrind, is warmed up uncounted, then counted over BENCH_IC_COUNT
 * requests (default 1000) of each shot at concurrency BENCH_IC_CONCURRENCY (default 64). In place of
 * a bundle, `express` or `node:http` counts that baseline relay (bench/baselines/).
 *
 * Why, beside compareBuilds.ts: on a shared machine, CPU time per request moves by ±10% with other
 * people's load (caches, sibling hyperthreads), while the number of instructions a request takes
 * does not. It counts work, not time: a system call is one instruction however long the kernel
 * takes, so judge writes and reads with compareBuilds.ts. Runs about 50 times slower than Node.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLoad } from './support/load.js';
import { startBundledChild } from './support/processes.js';
import { SHOTS, shotsFor, startBenchGateway, type ShotName } from './support/scenario.js';

const [bundleA, bundleB, ...names] = process.argv.slice(2);
if (!bundleA || !bundleB) throw new Error('usage: countInstructions.ts A.mjs B.mjs [SHOT ...]');
const shots =
  names.length > 0 ? names.filter((name): name is ShotName => SHOTS.includes(name as ShotName)) : SHOTS;
const count = Number(process.env.BENCH_IC_COUNT ?? 1000);
const concurrency = Number(process.env.BENCH_IC_CONCURRENCY ?? 64);
const WARMUP = 400;

const emulator = await startBundledChild('bench/support/emulatorMain.ts');
const key = /key (\S+)/.exec(emulator.stdout())![1]!;
const RELAYS: Record<string, string> = {
  express: 'bench/baselines/expressRelay.ts',
  'node:http': 'bench/baselines/nodeHttpRelay.ts',
};

/** A build of gemgate, or a baseline relay, under valgrind. */
async function startServer(bundle: string, valgrind: string[]) {
  const relay = RELAYS[bundle];
  if (!relay) return startBenchGateway(emulator.url, key, ['--no-warnings'], path.resolve(bundle), valgrind);
  const token = `relay-${process.pid}`;
  const env = { RELAY_UPSTREAM: emulator.url, RELAY_UPSTREAM_KEY: key, RELAY_CLIENT_TOKEN: token };
  const child = await startBundledChild(relay, env, [], valgrind);
  return { ...child, token };
}
const results = new Map<string, number>();
try {
  for (const [index, bundle] of [bundleA, bundleB].entries()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gemgate-callgrind-'));
    const out = path.join(dir, 'callgrind.out');
    const valgrind = [
      'valgrind',
      '--tool=callgrind',
      '--instr-atstart=no',
      '--smc-check=all-non-file',
      `--callgrind-out-file=${out}`,
    ];
    const server = await startServer(bundle, valgrind);
    try {
      const requests = shotsFor(false, server.token);
      const control = (...args: string[]) => execFileSync('callgrind_control', [...args, String(server.pid)]);
      const dumped = () => {
        const [latest] = fs
          .readdirSync(dir)
          .filter((name) => name.startsWith('callgrind.out'))
          .map((name) => path.join(dir, name))
          .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
        const summary = /^summary:\s+(\d+)/m.exec(fs.readFileSync(latest!, 'utf8'));
        fs.rmSync(latest!);
        return Number(summary?.[1] ?? NaN);
      };
      for (const shot of shots) await runLoad(server.url, requests[shot], { count: WARMUP, concurrency });
      // Counting is switched on once: switching drops valgrind's translations and stalls the server
      // long enough for the emulator to close idle connections. A few requests then open fresh ones.
      control('--instr=on');
      for (const shot of shots) await runLoad(server.url, requests[shot], { count: 100, concurrency });
      control('--dump');
      dumped();
      for (const shot of shots) {
        await runLoad(server.url, requests[shot], { count, concurrency });
        control('--dump');
        results.set(`${shot}|${index}`, dumped() / count);
      }
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await emulator.stop();
}

console.log(`A = ${bundleA}\nB = ${bundleB}\n${count} requests per shot, concurrency ${concurrency}\n`);
console.log('| request | A instructions/request | B instructions/request | B/A |');
console.log('| :-- | --: | --: | --: |');
for (const shot of shots) {
  const [a, b] = [results.get(`${shot}|0`)!, results.get(`${shot}|1`)!];
  console.log(`| ${shot} | ${(a / 1000).toFixed(0)}k | ${(b / 1000).toFixed(0)}k | ${(b / a).toFixed(3)}x |`);
}
