/**
 * gemgate against baselines measured in the same run, on this machine, over
 * loopback. Every server is its own process: the Gemini emulator (upstream, no artificial delay),
 * a bare `node:http` relay and a bare Express relay (bench/baselines/), and `gemgate serve` (the
 * built CLI, file secret store). The load generator (bench/support/load.ts) is this process.
 *
 * Prints added latency over a direct call to the emulator (p50, p99; sequential and at
 * concurrency 64; whole answers, and time to first token for streams; native and OpenAI dialects),
 * throughput and CPU per answer at concurrency 64, idle memory, memory over 20,000 requests and at
 * rest after them, each with its ratio to the baselines, and the targets (docs/BENCHMARKS.md).
 * Part of `npm run bench`; alone: `node scripts/run-ts.mjs bench/gateway.ts`.
 * Method and recorded results: docs/BENCHMARKS.md. BENCH_ONLY=latency or BENCH_ONLY=memory runs
 * one half; BENCH_SEQUENTIAL, BENCH_CONCURRENT and BENCH_MEMORY_REQUESTS change the counts;
 * BENCH_CHUNK_DELAY_MS paces the emulator's chunks (and its whole answers) like a model writing.
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../test/support/cli.js';
import { runLoad, type Shot } from './support/load.js';
import { cpuMs, rssMb } from './support/processStats.js';
import { startBundledChild, type Child } from './support/processes.js';
import { fixed, percentile, ratio, summarize, table, type Summary } from './support/stats.js';
import {
  MODEL,
  nativeBody,
  SHOTS,
  shotsFor,
  startBenchGateway,
  type BenchGateway,
  type ShotName,
} from './support/scenario.js';

const SEQUENTIAL_ROUNDS = 4;
const SEQUENTIAL_PER_ROUND = Number(process.env.BENCH_SEQUENTIAL ?? 150);
const CONCURRENCY = 64;
const CONCURRENT_ROUNDS = 4;
const CONCURRENT_COUNT = Number(process.env.BENCH_CONCURRENT ?? 2000);
const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 20_000);
const MEMORY_SAMPLES = 20;
/** V8's memory reducer shrinks a fresh heap after about 8 s without work; idle RSS is read after it. */
const IDLE_SETTLE_MS = 12_000;
/** After the load: gemgate gives memory back after 10 s without requests (proxy/app/idleMemoryTrim.ts). */
const REST_SETTLE_MS = 15_000;
const WARMUP = 300;
const ONLY = process.env.BENCH_ONLY;

// Targets (docs/BENCHMARKS.md): gemgate against the relays measured in the same run.
/** Whole answers: added p50, sequential, at most this times the Express relay's. */
const WHOLE_TARGET = 1.2;
/** Streams: added time to first token, sequential, at most this times the Express relay's... */
const STREAM_TARGET_EXPRESS = 1.0;
/** ...and this times the node:http relay's. */
const STREAM_TARGET_NODE = 1.3;
/** CPU per answer at concurrency 64, at most this times the Express relay's. */
const CPU_TARGET = 1.1;
const IDLE_RSS_TARGET_MB = 70;
/** RSS once at rest after the load, at most this times the idle figure. */
const REST_RSS_TARGET = 1.15;

type TargetName = 'direct' | 'node:http relay' | 'Express relay' | 'gemgate';
const TARGETS: TargetName[] = ['direct', 'node:http relay', 'Express relay', 'gemgate'];
const SERVERS: TargetName[] = ['node:http relay', 'Express relay', 'gemgate'];
const STREAM_SHOTS: ShotName[] = ['native stream TTFT', 'OpenAI stream TTFT'];
const WHOLE_SHOTS: ShotName[] = ['native whole', 'OpenAI whole'];

interface Target {
  name: TargetName;
  url: string;
  pid: number;
  shots: Record<ShotName, Shot>;
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

function log(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Visible characters of the emulator's answer to PROMPT (the same for every request). */
async function answerChars(emulatorUrl: string, key: string): Promise<number> {
  const response = await fetch(`${emulatorUrl}/v1beta/models/${MODEL}:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-goog-api-key': key },
    body: nativeBody(),
  });
  const answer = (await response.json()) as {
    candidates: Array<{ content: { parts: Array<{ text?: string }> } }>;
  };
  return answer.candidates[0]!.content.parts.map((part) => part.text ?? '').join('').length;
}

const median = (values: number[]) => percentile(values, 0.5);

interface MemoryResult {
  idle: number;
  samples: number[];
  /** Median RSS over the samples after 2,000–6,000 requests (warm) and the last 4,000. */
  warm: number;
  end: number;
  /** RSS once the load is over and the server has been quiet for REST_SETTLE_MS. */
  rest?: number;
}

/**
 * RSS of one server over MEMORY_REQUESTS requests of all four kinds, at concurrency 64, read every
 * MEMORY_REQUESTS / 20. Growth is judged between medians of samples, once warm: a single reading
 * swings by ±10% with where V8 is in its collection cycle.
 */
async function measureMemory(target: Target, idle: number): Promise<MemoryResult> {
  const samples: number[] = [];
  const perKind = Math.ceil(MEMORY_REQUESTS / MEMORY_SAMPLES / SHOTS.length);
  for (let sample = 0; sample < MEMORY_SAMPLES; sample++) {
    for (const shot of SHOTS) {
      await runLoad(target.url, target.shots[shot], { count: perKind, concurrency: CONCURRENCY });
    }
    samples.push(rssMb(target.pid));
  }
  const at = (from: number, to: number) => samples.slice(from, to);
  return { idle, samples, warm: median(at(1, 6)), end: median(at(MEMORY_SAMPLES - 4, MEMORY_SAMPLES)) };
}

async function main(): Promise<void> {
  const began = performance.now();
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: REPO_ROOT, stdio: 'inherit' });
  log(`# gemgate benchmarks\n\nMachine: ${machine()}`);
  const pacing = Number(process.env.BENCH_CHUNK_DELAY_MS ?? 0);
  if (pacing > 0) log(`Upstream paced: ${pacing} ms between chunks; whole answers wait as long.`);

  const children: Child[] = [];
  let gemgate: BenchGateway | undefined;
  try {
    const emulator = await startBundledChild('bench/support/emulatorMain.ts');
    children.push(emulator);
    const emulatorKey = /key (\S+)/.exec(emulator.stdout())![1]!;
    const relayToken = `relay-${process.pid}-${Date.now()}`;
    const relayEnv = {
      RELAY_UPSTREAM: emulator.url,
      RELAY_UPSTREAM_KEY: emulatorKey,
      RELAY_CLIENT_TOKEN: relayToken,
    };
    const nodeRelay = await startBundledChild('bench/baselines/nodeHttpRelay.ts', relayEnv);
    children.push(nodeRelay);
    const expressRelay = await startBundledChild('bench/baselines/expressRelay.ts', relayEnv);
    children.push(expressRelay);
    gemgate = await startBenchGateway(emulator.url, emulatorKey);

    const relayShots = shotsFor(false, relayToken);
    const targets: Record<TargetName, Target> = {
      direct: { name: 'direct', url: emulator.url, pid: emulator.pid, shots: shotsFor(true, emulatorKey) },
      'node:http relay': {
        name: 'node:http relay',
        url: nodeRelay.url,
        pid: nodeRelay.pid,
        shots: relayShots,
      },
      'Express relay': {
        name: 'Express relay',
        url: expressRelay.url,
        pid: expressRelay.pid,
        shots: relayShots,
      },
      gemgate: { name: 'gemgate', url: gemgate.url, pid: gemgate.pid, shots: shotsFor(false, gemgate.token) },
    };
    const verdicts: string[] = [];

    if (ONLY !== 'latency') {
      log(
        `\nMemory: ${fixed(IDLE_SETTLE_MS / 1000, 0)} s idle, then ${MEMORY_REQUESTS} requests to each server…`,
      );
      await sleep(IDLE_SETTLE_MS);
      const idle = Object.fromEntries(SERVERS.map((name) => [name, rssMb(targets[name].pid)]));
      const memory = {} as Record<TargetName, MemoryResult>;
      for (const name of SERVERS) memory[name] = await measureMemory(targets[name], idle[name]!);
      await sleep(REST_SETTLE_MS);
      for (const name of SERVERS) memory[name].rest = rssMb(targets[name].pid);
      reportMemory(memory, verdicts);
    }

    if (ONLY !== 'memory')
      await measureLatency(targets, await answerChars(emulator.url, emulatorKey), verdicts);

    log('\n## Targets\n');
    for (const verdict of verdicts) log(verdict);
    log(`\nbench took ${fixed((performance.now() - began) / 1000, 0)} s`);
  } finally {
    await gemgate?.stop();
    for (const child of children.reverse()) await child.stop();
  }
}

function reportMemory(memory: Record<TargetName, MemoryResult>, verdicts: string[]): void {
  const step = MEMORY_REQUESTS / MEMORY_SAMPLES;
  log('\n## Memory (RSS, MB)\n');
  log(
    table(
      [
        'server',
        'idle',
        `after ${step}`,
        `warm (${2 * step}–${6 * step})`,
        `end (last ${4 * step})`,
        'growth once warm',
        'growth over idle',
        `at rest (${fixed(REST_SETTLE_MS / 1000, 0)} s quiet)`,
        'at rest over idle',
      ],
      SERVERS.map((name) => {
        const m = memory[name];
        return [
          name,
          fixed(m.idle, 1),
          fixed(m.samples[0]!, 1),
          fixed(m.warm, 1),
          fixed(m.end, 1),
          `${fixed(((m.end - m.warm) / m.warm) * 100, 1)}%`,
          `${fixed(((m.end - m.idle) / m.idle) * 100, 1)}%`,
          fixed(m.rest!, 1),
          `${fixed(((m.rest! - m.idle) / m.idle) * 100, 1)}%`,
        ];
      }),
    ),
  );
  const g = memory.gemgate;
  log(`\ngemgate RSS every ${step} requests: ${g.samples.map((value) => fixed(value, 0)).join(' ')}`);
  log(
    `gemgate idle RSS is ${ratio(g.idle, memory['Express relay'].idle)} the Express relay's and ${ratio(g.idle, memory['node:http relay'].idle)} the node:http relay's.`,
  );
  verdicts.push(
    `${g.idle <= IDLE_RSS_TARGET_MB ? 'PASS' : 'MISS'}  idle RSS of gemgate serve: ${fixed(g.idle, 1)} MB (target: <= ${IDLE_RSS_TARGET_MB} MB)`,
  );
  const atRest = g.rest! / g.idle;
  verdicts.push(
    `${atRest <= REST_RSS_TARGET ? 'PASS' : 'MISS'}  RSS of gemgate ${fixed(REST_SETTLE_MS / 1000, 0)} s after ${MEMORY_REQUESTS} requests: ${fixed(g.rest!, 1)} MB, ${fixed(atRest)}x idle (target: <= ${REST_RSS_TARGET}x)`,
  );
}

async function measureLatency(
  targets: Record<TargetName, Target>,
  chars: number,
  verdicts: string[],
): Promise<void> {
  log('\nWarm-up…');
  for (const name of TARGETS) {
    for (const shot of SHOTS) {
      await runLoad(targets[name].url, targets[name].shots[shot], { count: WARMUP, concurrency: 8 });
    }
  }

  // Sequential: rounds interleave the targets, so drift on a shared machine hits them all alike.
  log(`Sequential: ${SEQUENTIAL_ROUNDS} x ${SEQUENTIAL_PER_ROUND} requests per server and kind…`);
  const sequential = new Map<string, number[]>();
  const streamTotals: number[] = [];
  for (let round = 0; round < SEQUENTIAL_ROUNDS; round++) {
    for (const shot of SHOTS) {
      for (const name of TARGETS) {
        const result = await runLoad(targets[name].url, targets[name].shots[shot], {
          count: SEQUENTIAL_PER_ROUND,
          concurrency: 1,
        });
        const key = `${name}|${shot}`;
        sequential.set(key, [...(sequential.get(key) ?? []), ...result.latencies]);
        if (name === 'direct' && shot === 'native stream TTFT') streamTotals.push(...result.totals);
      }
    }
  }

  // Concurrency 64, in rounds as well: CPU time per request moves with other load on a shared
  // machine, so every server gets a share of each round.
  log(
    `Concurrency ${CONCURRENCY}: ${CONCURRENT_ROUNDS} x ${CONCURRENT_COUNT / CONCURRENT_ROUNDS} requests per server and kind…`,
  );
  const concurrentRuns = new Map<string, { latencies: number[]; wallMs: number; cpuMs: number }>();
  for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
    for (const shot of SHOTS) {
      for (const name of TARGETS) {
        const target = targets[name];
        const cpuBefore = cpuMs(target.pid);
        const result = await runLoad(target.url, target.shots[shot], {
          count: CONCURRENT_COUNT / CONCURRENT_ROUNDS,
          concurrency: CONCURRENCY,
        });
        const key = `${name}|${shot}`;
        const run = concurrentRuns.get(key) ?? { latencies: [], wallMs: 0, cpuMs: 0 };
        run.latencies.push(...result.latencies);
        run.wallMs += result.wallMs;
        run.cpuMs += cpuMs(target.pid) - cpuBefore;
        concurrentRuns.set(key, run);
      }
    }
  }
  const concurrent = new Map<string, { summary: Summary; rps: number; cpuMs: number }>();
  for (const [key, run] of concurrentRuns) {
    concurrent.set(key, {
      summary: summarize(run.latencies),
      rps: (CONCURRENT_COUNT * 1000) / run.wallMs,
      cpuMs: run.cpuMs,
    });
  }

  const seq = (name: TargetName, shot: ShotName) => summarize(sequential.get(`${name}|${shot}`)!);
  const conc = (name: TargetName, shot: ShotName) => concurrent.get(`${name}|${shot}`)!;

  for (const [label, get] of [
    ['sequential', seq],
    [`concurrency ${CONCURRENCY}`, (name: TargetName, shot: ShotName) => conc(name, shot).summary],
  ] as const) {
    for (const p of ['p50', 'p99'] as const) {
      const rows = SHOTS.map((shot) => {
        const direct = get('direct', shot)[p];
        const [n, e, g] = SERVERS.map((name) => get(name, shot)[p] - direct) as [number, number, number];
        if (p === 'p50' && label === 'sequential' && STREAM_SHOTS.includes(shot))
          verdicts.push(latencyVerdict(shot, g, e, n));
        return [shot, fixed(direct), fixed(n), fixed(e), fixed(g), ratio(g, e), ratio(g, n)];
      });
      log(`\n## Added latency, ${p}, ${label} (ms over a direct call to the emulator)\n`);
      log(
        table(
          [
            'request',
            `direct ${p}`,
            '+node:http',
            '+Express',
            '+gemgate',
            'gemgate/Express',
            'gemgate/node:http',
          ],
          rows,
        ),
      );
    }
  }

  // gemgate asks Gemini for a stream even for a whole answer, so that a cut answer can be resumed,
  // and the emulator's stream ends later than its whole answer (a write per frame). So each relay's
  // added time is counted over the call it makes: the relays' over the whole answer, gemgate's over
  // the stream's last byte (issue 18 measured it with an upstream whose stream ends when its whole
  // answer would).
  const streamLast = percentile(streamTotals, 0.5);
  const wholeDirect = seq('direct', 'native whole').p50;
  log(
    `\n## Whole answers: added p50, sequential, over the call each server makes (ms)\n\nThe relays call generateContent; gemgate streams (streamGenerateContent), which on the emulator ends ${fixed(streamLast - wholeDirect)} ms later.\n`,
  );
  log(
    table(
      [
        'request',
        'direct whole',
        'direct stream end',
        '+node:http',
        '+Express',
        '+gemgate',
        'gemgate/Express',
        'gemgate/node:http',
      ],
      WHOLE_SHOTS.map((shot) => {
        const n = seq('node:http relay', shot).p50 - wholeDirect;
        const e = seq('Express relay', shot).p50 - wholeDirect;
        const g = seq('gemgate', shot).p50 - streamLast;
        verdicts.push(latencyVerdict(shot, g, e, n));
        return [
          shot,
          fixed(wholeDirect),
          fixed(streamLast),
          fixed(n),
          fixed(e),
          fixed(g),
          ratio(g, e),
          ratio(g, n),
        ];
      }),
    ),
  );

  log(`\n## Throughput at concurrency ${CONCURRENCY} (requests/s)\n`);
  log(
    table(
      ['request', 'direct', 'node:http', 'Express', 'gemgate', 'gemgate/Express', 'gemgate/node:http'],
      SHOTS.map((shot) => {
        const [d, n, e, g] = TARGETS.map((name) => conc(name, shot).rps) as [number, number, number, number];
        return [shot, fixed(d, 0), fixed(n, 0), fixed(e, 0), fixed(g, 0), ratio(g, e), ratio(g, n)];
      }),
    ),
  );

  log(
    `\n## CPU per answer at concurrency ${CONCURRENCY} (µs of the server's process; ${CONCURRENT_COUNT} answers of ${chars} characters)\n`,
  );
  log(
    table(
      ['request', 'emulator', 'node:http', 'Express', 'gemgate', 'gemgate/Express', 'gemgate/node:http'],
      SHOTS.map((shot) => {
        const [d, n, e, g] = TARGETS.map((name) => (conc(name, shot).cpuMs * 1000) / CONCURRENT_COUNT) as [
          number,
          number,
          number,
          number,
        ];
        verdicts.push(
          `${g <= CPU_TARGET * e ? 'PASS' : 'MISS'}  CPU per answer, concurrency ${CONCURRENCY}, ${shot.replace(' TTFT', '')}: gemgate ${fixed(g, 0)} µs, Express ${fixed(e, 0)} µs, ${ratio(g, e)} (target: <= ${CPU_TARGET}x Express)`,
        );
        return [
          shot.replace(' TTFT', ''),
          fixed(d, 0),
          fixed(n, 0),
          fixed(e, 0),
          fixed(g, 0),
          ratio(g, e),
          ratio(g, n),
        ];
      }),
    ),
  );
}

/** Whole answers against the Express relay; streams' first token against both relays. */
function latencyVerdict(shot: ShotName, gemgate: number, express: number, node: number): string {
  const stream = STREAM_SHOTS.includes(shot);
  const ok = stream
    ? gemgate <= STREAM_TARGET_EXPRESS * express && gemgate <= STREAM_TARGET_NODE * node
    : gemgate <= WHOLE_TARGET * express;
  const target = stream
    ? `<= ${STREAM_TARGET_EXPRESS}x Express and <= ${STREAM_TARGET_NODE}x node:http`
    : `<= ${WHOLE_TARGET}x Express`;
  const over = stream ? '' : ' (over the call each makes)';
  return `${ok ? 'PASS' : 'MISS'}  added p50, sequential, ${shot}${over}: gemgate ${fixed(gemgate)} ms, Express ${fixed(express)} ms (${ratio(gemgate, express)}), node:http ${fixed(node)} ms (${ratio(gemgate, node)}) (target: ${target})`;
}

await main();
