/**
 * What streaming a whole answer internally costs by itself, with nothing of gemgate in it:
 * `node scripts/run-ts.mjs bench/wholeFloor.ts` (part of `npm run bench`). The Express relay of
 * bench/gateway.ts, as is (it calls generateContent and pipes the answer), beside the same relay with
 * RELAY_WHOLE_AS_STREAM=1 (it calls streamGenerateContent, parses each frame and folds the answer:
 * the least any relay must do to notice a cut answer), and gemgate, which streams every whole
 * answer internally so that a cut one can be completed.
 *
 * Prints CPU per whole answer at concurrency 64 and added p50 at concurrency 1, in rounds in which
 * the servers take turns, with each one's ratio to the plain Express relay. The ratio of the
 * streaming relay is the floor under gemgate's: the cost of the design (whole answers stay
 * resumable), before any of gemgate's own work. Method and results: docs/BENCHMARKS.md.
 */
import { runLoad } from './support/load.js';
import { startBundledChild, type Child } from './support/processes.js';
import { cpuMs } from './support/processStats.js';
import { shotsFor, startBenchGateway, type BenchGateway, type ShotName } from './support/scenario.js';
import { fixed, percentile, ratio, table } from './support/stats.js';

const ROUNDS = Number(process.env.BENCH_FLOOR_ROUNDS ?? 4);
const CONCURRENT = Number(process.env.BENCH_FLOOR_CONCURRENT ?? 1000);
const SEQUENTIAL = Number(process.env.BENCH_FLOOR_SEQUENTIAL ?? 100);
const CONCURRENCY = 64;
const WARMUP = 300;
const WHOLE: ShotName[] = ['native whole', 'OpenAI whole'];

interface Server {
  name: string;
  url: string;
  pid: number;
  shots: ReturnType<typeof shotsFor>;
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const median = (values: number[]) => percentile(values, 0.5);

async function main(): Promise<void> {
  const children: Child[] = [];
  let gemgate: BenchGateway | undefined;
  try {
    const emulator = await startBundledChild('bench/support/emulatorMain.ts');
    children.push(emulator);
    const key = /key (\S+)/.exec(emulator.stdout())![1]!;
    const token = `relay-${process.pid}`;
    const env = { RELAY_UPSTREAM: emulator.url, RELAY_UPSTREAM_KEY: key, RELAY_CLIENT_TOKEN: token };
    const plain = await startBundledChild('bench/baselines/expressRelay.ts', env);
    children.push(plain);
    const streaming = await startBundledChild('bench/baselines/expressRelay.ts', {
      ...env,
      RELAY_WHOLE_AS_STREAM: '1',
    });
    children.push(streaming);
    gemgate = await startBenchGateway(emulator.url, key);
    const relayShots = shotsFor(false, token);
    const direct: Server = {
      name: 'direct',
      url: emulator.url,
      pid: emulator.pid,
      shots: shotsFor(true, key),
    };
    const servers: Server[] = [
      { name: 'Express relay', url: plain.url, pid: plain.pid, shots: relayShots },
      { name: 'Express relay, streamed inside', url: streaming.url, pid: streaming.pid, shots: relayShots },
      { name: 'gemgate', url: gemgate.url, pid: gemgate.pid, shots: shotsFor(false, gemgate.token) },
    ];

    log('# Whole answers: the cost of streaming them internally\n');
    for (const server of [direct, ...servers])
      for (const shot of WHOLE)
        await runLoad(server.url, server.shots[shot], { count: WARMUP, concurrency: CONCURRENCY });

    const cpu = new Map<string, number[]>();
    const latency = new Map<string, number[]>();
    const push = (map: Map<string, number[]>, key: string, values: number[]) =>
      map.set(key, [...(map.get(key) ?? []), ...values]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const shot of WHOLE) {
        for (const server of [direct, ...servers]) {
          const sequential = await runLoad(server.url, server.shots[shot], {
            count: SEQUENTIAL,
            concurrency: 1,
          });
          push(latency, `${server.name}|${shot}`, sequential.latencies);
          const before = cpuMs(server.pid);
          await runLoad(server.url, server.shots[shot], { count: CONCURRENT, concurrency: CONCURRENCY });
          push(cpu, `${server.name}|${shot}`, [((cpuMs(server.pid) - before) * 1000) / CONCURRENT]);
        }
      }
    }

    const names = servers.map((server) => server.name);
    /** One row per request: each server's figure, then the two ratios to the plain Express relay. */
    const compare = (figure: (name: string, shot: ShotName) => number, digits: number) =>
      table(
        ['request', ...names, 'streamed inside/Express', 'gemgate/Express'],
        WHOLE.map((shot) => {
          const [e, s, g] = names.map((name) => figure(name, shot)) as [number, number, number];
          return [shot, fixed(e, digits), fixed(s, digits), fixed(g, digits), ratio(s, e), ratio(g, e)];
        }),
      );
    log(
      `CPU per whole answer at concurrency ${CONCURRENCY} (µs of the server's process, median of ${ROUNDS} rounds of ${CONCURRENT}):\n`,
    );
    log(compare((name, shot) => median(cpu.get(`${name}|${shot}`)!), 0));
    log(
      `\nAdded p50 at concurrency 1 (ms over the direct generateContent call; ${ROUNDS} x ${SEQUENTIAL}):\n`,
    );
    log(
      compare(
        (name, shot) => median(latency.get(`${name}|${shot}`)!) - median(latency.get(`direct|${shot}`)!),
        2,
      ),
    );
  } finally {
    await gemgate?.stop();
    for (const child of children.reverse()) await child.stop();
  }
}

await main();
