/**
 * What choosing a key costs: `QuotaAwarePool.acquire` with 10,000 keys beside 10 keys, measured in
 * the same run, for each strategy, with no project cooling, 10% cooling, 90% cooling (a 429 storm:
 * the ring must skip most projects) and every primary project cooling (the backup account serves). Run: `node scripts/run-ts.mjs bench/keyChoice.ts`.
 *
 * Method: every acquire is timed on its own with performance.now() (the timer's own cost is printed
 * and included), after a warm-up, in rounds that alternate the two pool sizes so drift hits both.
 * Each lease is then reported a success, as the gateway does; that is not timed. Limits are set high
 * so counters are kept and checked but do not block; the clock is the real one.
 */
import os from 'node:os';
import { QuotaAwarePool } from '../proxy/pool/quotaAwarePool.js';
import type { PoolKey } from '../proxy/pool/keyPool.js';
import type { Strategy } from '../proxy/pool/strategies.js';

const MODEL = 'gemini-2.5-flash';
const SIZES = [10, 10_000] as const;
const ROUNDS = 10;
const PER_ROUND = 10_000;
const WARMUP = 30_000;
/** The budget for the median choice with 10,000 keys: well under a request's other costs. */
const BUDGET_US = 20;

interface Scenario {
  name: string;
  strategy: Strategy;
  cooling: number;
  /** Cool every primary project instead: the backup account serves everything. */
  primariesDown?: boolean;
  sticky?: boolean;
}

const SCENARIOS: Scenario[] = [
  { name: 'round-robin', strategy: 'round-robin', cooling: 0 },
  { name: 'round-robin, 10% cooling', strategy: 'round-robin', cooling: 0.1 },
  { name: 'round-robin, 90% cooling', strategy: 'round-robin', cooling: 0.9 },
  { name: 'round-robin, all primaries cooling', strategy: 'round-robin', cooling: 0, primariesDown: true },
  { name: 'round-robin, sticky conversations', strategy: 'round-robin', cooling: 0.1, sticky: true },
  { name: 'most-headroom', strategy: 'most-headroom', cooling: 0 },
  { name: 'most-headroom, 90% cooling', strategy: 'most-headroom', cooling: 0.9 },
  { name: 'weighted', strategy: 'weighted', cooling: 0 },
  { name: 'weighted, 90% cooling', strategy: 'weighted', cooling: 0.9 },
];

/** A small deterministic generator (mulberry32): the same pool and draws on every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` keys over three accounts (45% / 45% primary, 10% backup); every fourth project holds two keys. */
function buildPool(size: number, scenario: Scenario): QuotaAwarePool {
  const random = seeded(size);
  const pool = new QuotaAwarePool({}, { random: seeded(7) });
  pool.configure({ strategy: scenario.strategy, stickiness: true });
  pool.setLimits([{ projectId: null, model: '*', rpm: 1e12, tpm: 1e12, rpd: 1e12 }]);
  const keys: PoolKey[] = [];
  let project = 0;
  while (keys.length < size) {
    const share = keys.length / size;
    const account = share < 0.45 ? 'acc_a' : share < 0.9 ? 'acc_b' : 'acc_backup';
    // Shared projects only in the primary accounts, so the last 10% always makes a backup account.
    const projectKeys = project % 4 === 3 && (keys.length + 2) / size <= 0.9 ? 2 : 1;
    for (let k = 0; k < projectKeys; k++) {
      const keyId = `key_${keys.length}`;
      keys.push({
        keyId,
        projectId: `prj_${project}`,
        accountId: account,
        tier: account === 'acc_backup' ? 'backup' : 'primary',
        apiKey: `bench-${keyId}`,
        masked: keyId,
      });
    }
    project++;
  }
  pool.load(keys);
  const projects = new Map(keys.map((key) => [key.projectId, key]));
  for (const key of projects.values()) {
    const cool = scenario.primariesDown ? key.tier === 'primary' : random() < scenario.cooling;
    if (!cool) continue;
    pool.reportFailure(key, MODEL, {
      kind: 'rate-limited',
      scope: 'minute',
      retryAfterMs: 3_600_000,
      quotaId: null,
    });
  }
  return pool;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

function timerCost(): number {
  const samples = new Float64Array(100_000);
  for (let i = 0; i < samples.length; i++) {
    const start = performance.now();
    samples[i] = performance.now() - start;
  }
  samples.sort();
  return percentile(samples, 0.5) * 1000;
}

interface Result {
  medianUs: number;
  p99Us: number;
  meanUs: number;
}

function measure(scenario: Scenario): Record<number, Result> {
  const pools = new Map(SIZES.map((size) => [size, buildPool(size, scenario)]));
  const conversations = Array.from({ length: 1000 }, (_, i) => ({ key: `conversation-${i}`, follow: true }));
  const options = Array.from({ length: PER_ROUND }, (_, i) =>
    scenario.sticky ? { affinity: conversations[i % conversations.length]! } : {},
  );
  const samples = new Map(SIZES.map((size) => [size, new Float64Array(ROUNDS * PER_ROUND)]));
  const run = (pool: QuotaAwarePool, into: Float64Array | undefined, offset: number, count: number) => {
    for (let i = 0; i < count; i++) {
      const start = performance.now();
      const lease = pool.acquire(MODEL, options[i % PER_ROUND]);
      const elapsed = performance.now() - start;
      if (into) into[offset + i] = elapsed;
      if ('keyId' in lease) pool.reportSuccess(lease, MODEL);
      else throw new Error(`no key: ${lease.kind}`);
    }
  };
  for (const pool of pools.values()) run(pool, undefined, 0, WARMUP);
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of SIZES) run(pools.get(size)!, samples.get(size), round * PER_ROUND, PER_ROUND);
  }
  const out: Record<number, Result> = {};
  for (const size of SIZES) {
    const sorted = samples.get(size)!.sort();
    const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
    out[size] = {
      medianUs: percentile(sorted, 0.5) * 1000,
      p99Us: percentile(sorted, 0.99) * 1000,
      meanUs: mean * 1000,
    };
  }
  return out;
}

const us = (value: number) => `${value.toFixed(2)} µs`.padStart(10);

console.log(`key choice (QuotaAwarePool.acquire), ${ROUNDS} x ${PER_ROUND} timed calls per pool size`);
console.log(
  `${os.cpus()[0]?.model ?? 'unknown CPU'} x${os.cpus().length}, Node ${process.version}, ${os.platform()}`,
);
console.log(
  `timer overhead (median of an empty measurement): ${timerCost().toFixed(3)} µs, included below\n`,
);
console.log(`${'scenario'.padEnd(36)}${'10 keys'.padStart(21)}${'10,000 keys'.padStart(23)}   median ratio`);
console.log(
  `${''.padEnd(36)}${'median'.padStart(10)}${'p99'.padStart(11)}${'median'.padStart(12)}${'p99'.padStart(11)}`,
);
let budgetMedian = Infinity;
for (const scenario of SCENARIOS) {
  const result = measure(scenario);
  const small = result[10]!;
  const large = result[10_000]!;
  if (scenario.name === 'round-robin') budgetMedian = large.medianUs;
  console.log(
    `${scenario.name.padEnd(36)}${us(small.medianUs)} ${us(small.p99Us)} ${us(large.medianUs)} ${us(large.p99Us)}   ${(large.medianUs / small.medianUs).toFixed(2)}x`,
  );
}
const ok = budgetMedian < BUDGET_US;
console.log(
  `\nbudget: median with 10,000 keys (default strategy) ${budgetMedian.toFixed(2)} µs < ${BUDGET_US} µs: ${ok ? 'ok' : 'EXCEEDED'}`,
);
if (!ok) process.exitCode = 1;
