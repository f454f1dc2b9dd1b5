/**
 * A/B of two builds of the CLI under the benchmark's load: `node scripts/run-ts.mjs
 * bench/compareBuilds.ts A.mjs B.mjs [SHOT ...]`. Each bundle (e.g. a copy of dist/cli.mjs kept from
 * before a change, placed under dist/ so its packages resolve) serves the same emulator; the two take
 * turns for BENCH_AB_ROUNDS rounds (default 6) so drift on a shared machine hits both alike, and each
 * round sends BENCH_AB_COUNT requests (default 3000) of each shot at concurrency BENCH_AB_CONCURRENCY
 * (default 64). Prints the server's CPU time per request and the p50 latency, medians over rounds.
 */
import path from 'node:path';
import { runLoad } from './support/load.js';
import { startBundledChild } from './support/processes.js';
import { cpuMs } from './support/processStats.js';
import { SHOTS, shotsFor, startBenchGateway, type ShotName } from './support/scenario.js';
import { percentile } from './support/stats.js';

const median = (values: number[]) => percentile(values, 0.5);

const [bundleA, bundleB, ...names] = process.argv.slice(2);
if (!bundleA || !bundleB) throw new Error('usage: compareBuilds.ts A.mjs B.mjs [SHOT ...]');
const shots =
  names.length > 0 ? names.filter((name): name is ShotName => SHOTS.includes(name as ShotName)) : SHOTS;
const rounds = Number(process.env.BENCH_AB_ROUNDS ?? 6);
const count = Number(process.env.BENCH_AB_COUNT ?? 3000);
const concurrency = Number(process.env.BENCH_AB_CONCURRENCY ?? 64);

const emulator = await startBundledChild('bench/support/emulatorMain.ts');
const key = /key (\S+)/.exec(emulator.stdout())![1]!;
const builds = [bundleA, bundleB].map((bundle) => path.resolve(bundle));
const servers = [];
for (const bundle of builds)
  servers.push(await startBenchGateway(emulator.url, key, ['--no-warnings'], bundle));
const results = new Map<string, { cpu: number[]; p50: number[] }>();
try {
  for (let round = 0; round < rounds; round++) {
    for (const shot of shots) {
      for (const [index, server] of servers.entries()) {
        const before = cpuMs(server.pid);
        const load = await runLoad(server.url, shotsFor(false, server.token)[shot], { count, concurrency });
        const cpu = ((cpuMs(server.pid) - before) * 1000) / count;
        const row = results.get(`${shot}|${index}`) ?? { cpu: [], p50: [] };
        // The first round warms both builds up (JIT, SQLite cache): not counted.
        if (round > 0) {
          row.cpu.push(cpu);
          row.p50.push(percentile(load.latencies, 0.5));
        }
        results.set(`${shot}|${index}`, row);
      }
    }
  }
} finally {
  for (const server of servers) await server.stop();
  await emulator.stop();
}

console.log(
  `A = ${builds[0]}\nB = ${builds[1]}\n${rounds - 1} counted rounds of ${count} requests, concurrency ${concurrency}\n`,
);
console.log('| request | A CPU µs/request | B CPU µs/request | B/A | A p50 ms | B p50 ms | B/A |');
console.log('| :-- | --: | --: | --: | --: | --: | --: |');
for (const shot of shots) {
  const [a, b] = [0, 1].map((index) => results.get(`${shot}|${index}`)!);
  const cpuA = median(a!.cpu);
  const cpuB = median(b!.cpu);
  const p50A = median(a!.p50);
  const p50B = median(b!.p50);
  console.log(
    `| ${shot} | ${cpuA.toFixed(0)} | ${cpuB.toFixed(0)} | ${(cpuB / cpuA).toFixed(2)}x | ${p50A.toFixed(2)} | ${p50B.toFixed(2)} | ${(p50B / p50A).toFixed(2)}x |`,
  );
}
