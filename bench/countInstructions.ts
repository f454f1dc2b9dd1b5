/**
 * Instructions per request of two builds of the CLI, counted by valgrind's callgrind:
 * `node scripts/run-ts.mjs bench/countInstructions.ts A.mjs B.mjs [SHOT ...]`. Each build serves the
 * benchmark's emulator under callgrind, is warmed up uncounted, then counted over BENCH_IC_COUNT
 * requests (default 1000) of each shot at concurrency BENCH_IC_CONCURRENCY (default 64), the two
 * taking turns over three rounds. In place of
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
const ROUNDS = 3;
/** BENCH_IC_KEEP=1 keeps each dump (callgrind_annotate FILE shows where the instructions went). */
const KEEP = process.env.BENCH_IC_KEEP === '1';

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
/** One server under callgrind, counting only between dumps once switched on. */
async function counted(bundle: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gemgate-callgrind-'));
  const valgrind = [
    'valgrind',
    '--tool=callgrind',
    '--instr-atstart=no',
    '--smc-check=all-non-file',
    `--callgrind-out-file=${path.join(dir, 'callgrind.out')}`,
  ];
  const server = await startServer(bundle, valgrind);
  const control = (...args: string[]) => execFileSync('callgrind_control', [...args, String(server.pid)]);
  return {
    requests: shotsFor(false, server.token),
    url: server.url,
    control,
    /** Instructions since the last dump (a dump starts the count again). */
    dump(): number {
      control('--dump');
      const [latest] = fs
        .readdirSync(dir)
        .filter((name) => name.startsWith('callgrind.out'))
        .map((name) => path.join(dir, name))
        .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
      const summary = /^summary:\s+(\d+)/m.exec(fs.readFileSync(latest!, 'utf8'));
      if (KEEP) process.stdout.write(`kept ${latest!}\n`);
      else fs.rmSync(latest!);
      return Number(summary?.[1] ?? NaN);
    },
    async stop() {
      await server.stop();
      if (!KEEP) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Both servers run at once and take turns, round by round, so that what the machine is doing
// meanwhile (how many frames arrive per network read, for one) is the same for both.
const results = new Map<string, number>();
const servers: Array<Awaited<ReturnType<typeof counted>>> = [];
try {
  for (const bundle of [bundleA, bundleB]) servers.push(await counted(bundle));
  for (const server of servers)
    for (const shot of shots)
      await runLoad(server.url, server.requests[shot], { count: WARMUP, concurrency });
  // Counting is switched on once: switching drops valgrind's translations and stalls the server
  // long enough for the emulator to close idle connections. A few requests then open fresh ones.
  for (const server of servers) {
    server.control('--instr=on');
    for (const shot of shots) await runLoad(server.url, server.requests[shot], { count: 100, concurrency });
    server.dump();
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const shot of shots) {
      for (const [index, server] of servers.entries()) {
        await runLoad(server.url, server.requests[shot], { count: count / ROUNDS, concurrency });
        const key = `${shot}|${index}`;
        results.set(key, (results.get(key) ?? 0) + server.dump() / count);
      }
    }
  }
} finally {
  for (const server of servers) await server.stop();
  await emulator.stop();
}

console.log(`A = ${bundleA}\nB = ${bundleB}\n${count} requests per shot, concurrency ${concurrency}\n`);
console.log('| request | A instructions/request | B instructions/request | B/A |');
console.log('| :-- | --: | --: | --: |');
for (const shot of shots) {
  const [a, b] = [results.get(`${shot}|0`)!, results.get(`${shot}|1`)!];
  console.log(`| ${shot} | ${(a / 1000).toFixed(0)}k | ${(b / 1000).toFixed(0)}k | ${(b / a).toFixed(3)}x |`);
}
