/**
 * Profiles `gemgate serve` under the benchmark's load: `node scripts/run-ts.mjs bench/profile.ts
 * [SHOT ...]` runs it with `--cpu-prof`, sends each named request kind (default: all four) at
 * concurrency 64, stops it, and prints where the time went (by place, by function, inclusive).
 * The .cpuprofile file (for Chrome DevTools) is kept and its path printed. BENCH_PROFILE_TARGET=node
 * or express profiles a baseline relay instead, for comparison; BENCH_PROFILE_BUNDLE another build
 * of the CLI (a copy of dist/cli.mjs kept under dist/, as for compareBuilds.ts). It profiles the CLI
 * as built: run scripts/build-cli.mjs first.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runLoad } from './support/load.js';
import { startBundledChild } from './support/processes.js';
import { SHOTS, shotsFor, startBenchGateway, type ShotName } from './support/scenario.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

const wanted = (process.argv.slice(2) as ShotName[]).filter((name) => SHOTS.includes(name));
const shots = wanted.length > 0 ? wanted : SHOTS;
const count = Number(process.env.BENCH_PROFILE_COUNT ?? 4000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gemgate-profile-'));

const emulator = await startBundledChild('bench/support/emulatorMain.ts');
const key = /key (\S+)/.exec(emulator.stdout())![1]!;
const profiler = ['--cpu-prof', '--cpu-prof-interval', '100', '--cpu-prof-dir', dir];
const relay = { node: 'bench/baselines/nodeHttpRelay.ts', express: 'bench/baselines/expressRelay.ts' }[
  process.env.BENCH_PROFILE_TARGET ?? ''
];
const relayToken = `relay-${process.pid}`;
const target = relay
  ? await startBundledChild(
      relay,
      { RELAY_UPSTREAM: emulator.url, RELAY_UPSTREAM_KEY: key, RELAY_CLIENT_TOKEN: relayToken },
      profiler,
    )
  : await startBenchGateway(
      emulator.url,
      key,
      profiler,
      process.env.BENCH_PROFILE_BUNDLE ? path.resolve(process.env.BENCH_PROFILE_BUNDLE) : undefined,
    );
const token = 'token' in target ? target.token : relayToken;
try {
  for (const shot of shots) {
    await runLoad(target.url, shotsFor(false, token)[shot], {
      count,
      concurrency: Number(process.env.BENCH_PROFILE_CONCURRENCY ?? 64),
    });
  }
} finally {
  await target.stop();
  await emulator.stop();
}

const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
const profile = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as {
  nodes: ProfileNode[];
  timeDeltas: number[];
};
const sampledUs = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const labelOf = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
  return `${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`;
};
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
// Inclusive time: each sample counts once per function on its stack (recursion not double-counted).
const walk = (node: ProfileNode, onStack: Set<string>): number => {
  const label = labelOf(node);
  self.set(label, (self.get(label) ?? 0) + (node.hitCount ?? 0));
  const fresh = !onStack.has(label);
  if (fresh) onStack.add(label);
  let hits = node.hitCount ?? 0;
  for (const child of node.children ?? []) hits += walk(byId.get(child)!, onStack);
  if (fresh) {
    onStack.delete(label);
    inclusive.set(label, (inclusive.get(label) ?? 0) + hits);
  }
  return hits;
};
walk(profile.nodes[0]!, new Set());
const show = (title: string, table: Map<string, number>, rows: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [label, hits] of [...table.entries()].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    const perRequest = (hits / total) * (sampledUs / (count * shots.length));
    process.stdout.write(
      `${((hits * 100) / total).toFixed(1).padStart(5)}% ${perRequest.toFixed(1).padStart(7)} µs/request  ${label}\n`,
    );
  }
};
process.stdout.write(`profile: ${path.join(dir, file)} (${shots.join(', ')}; ${count} requests each)\n`);
// Self time by where the code lives: gemgate's bundle, each dependency, Node's internals.
const byPlace = new Map<string, number>();
for (const [label, hits] of self) {
  const where = label.slice(label.lastIndexOf(' ') + 1);
  const place = where.startsWith('dist/')
    ? 'gemgate (dist/cli.mjs)'
    : where.startsWith('node:')
      ? `node:${where.slice(5).split('/')[where.includes('internal') ? 2 : 0]?.split(':')[0] ?? ''}`
      : where.startsWith(':')
        ? label.slice(0, label.lastIndexOf(' '))
        : (where.split('/')[0] ?? where);
  byPlace.set(place, (byPlace.get(place) ?? 0) + hits);
}
show('self time by place', byPlace, 25);
show('self time', self, 35);
show('total time (self + callees)', inclusive, 60);
