import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { faults } from './emulator/index.js';
import { startHarness, type Harness, type HarnessOptions } from './support/harness.js';
import { runCli } from './support/cli.js';
import type { GatewayEvent } from '../proxy/app/gatewayApi.js';
import { nextPacificMidnight, nextPacificMonthStart } from '../proxy/pool/pacificTime.js';

const MODEL = 'gemini-2.5-flash';

interface StandingRow {
  projectId: string;
  project: string;
  account: string;
  limits: { rpm: number | string; tpm: number | string; rpd: number | string };
  sources: Record<'rpm' | 'tpm' | 'rpd', { source: string; learnedAt?: string; tier?: string | null }>;
  dayRequests: number;
  coolingUntil: string | null;
}

/**
 * What Google answers teaches the gateway, end to end: the real gateway on a real SQLite file in
 * front of the emulator, read back through the real `gemgate` CLI.
 */
describe('quotas learned from Google', () => {
  let h: Harness;
  let events: GatewayEvent[];
  afterEach(() => h?.close());

  async function start(options: HarnessOptions): Promise<Harness> {
    h = await startHarness({ freeTierLimits: true, ...options });
    events = [];
    h.gateway.onEvent((event) => events.push(event));
    return h;
  }

  const cli = (args: string[]) =>
    runCli(args, {
      env: {
        GEMGATE_DATA_DIR: h.dataDir,
        GEMGATE_SECRET_STORE: 'file',
        GEMGATE_PASSPHRASE: 'harness passphrase',
      },
    });

  async function standing(model = MODEL): Promise<StandingRow[]> {
    const result = await cli(['limits', 'list', '--model', model, '--json']);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as StandingRow[];
  }

  async function generate(prompt: string, model = MODEL) {
    const response = await fetch(`${h.url}/v1beta/models/${model}:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
    });
    return {
      status: response.status,
      keyId: response.headers.get('x-gemgate-key-id'),
      body: (await response.json()) as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
    };
  }

  /** Upstream generate calls made with a key, by account name. */
  function callsOf(account: string): number {
    const keys = new Set(h.keys[account]!.map((k) => k.key));
    return h.emulator.requests.filter(
      (r) =>
        (r.action === 'generateContent' || r.action === 'streamGenerateContent') && keys.has(r.apiKey ?? ''),
    ).length;
  }

  it("learns a project's daily limit from its per-day 429, shows it, and leaves the project alone that Pacific day, also after a restart", async () => {
    // No rule of the user at all: the built-in defaults (2.5 Flash: 5 a minute, 20 a day) are a first guess.
    await start({ accounts: { alice: { keys: 1 }, bob: { keys: 1 } } });
    const alice = h.keys.alice![0]!;
    h.emulator.setProject(alice.key, 'alice-free');
    h.emulator.setQuota({ projectId: 'alice-free', model: MODEL, rpd: 3 });
    const [aliceBefore] = (await standing()).filter((row) => row.account === 'alice');
    expect(aliceBefore!.limits.rpd).toBe(20);
    expect(aliceBefore!.sources.rpd).toEqual({ source: 'default' });

    // Alice's project serves 3, then Google answers her 4th with the per-day 429 (quotaValue "3"):
    // that request is answered by bob's project, and so is every one after it.
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await generate(`question ${i}`));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(callsOf('alice')).toBe(4);
    expect(answers.slice(-4).map((a) => a.keyId)).toEqual(Array(4).fill(h.keys.bob![0]!.id));

    const rows = await standing();
    const aliceRow = rows.find((row) => row.account === 'alice')!;
    const bobRow = rows.find((row) => row.account === 'bob')!;
    expect(aliceRow.limits.rpd).toBe(3);
    expect(aliceRow.sources.rpd).toMatchObject({ source: 'learned', tier: 'FreeTier' });
    expect(Date.parse(aliceRow.sources.rpd.learnedAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(aliceRow.sources.rpm).toEqual({ source: 'default' });
    // Until the next Pacific midnight (the emulator's retryDelay, rounded up to a second, may reach past it).
    expect(Date.parse(aliceRow.coolingUntil!) - nextPacificMidnight(Date.now())).toBeGreaterThanOrEqual(0);
    expect(Date.parse(aliceRow.coolingUntil!) - nextPacificMidnight(Date.now())).toBeLessThan(3000);
    expect(bobRow.limits.rpd).toBe(20);
    expect(bobRow.sources.rpd).toEqual({ source: 'default' });
    // The rules listing names it too, as learned from Google.
    const rules = JSON.parse((await cli(['limits', 'list', '--json'])).stdout) as Array<
      Record<string, unknown>
    >;
    expect(rules.filter((rule) => rule.source === 'learned')).toEqual([
      expect.objectContaining({ projectId: aliceRow.projectId, model: MODEL, rpd: 3, tier: 'FreeTier' }),
    ]);
    expect((await cli(['limits', 'list', '--model', MODEL])).stdout).toMatch(
      /rpd from Google \d{4}-\d\d-\d\d \(FreeTier\)/,
    );

    await h.restart();
    for (let i = 0; i < 4; i++) {
      const after = await generate(`after the restart ${i}`);
      expect(after.status).toBe(200);
      expect(after.keyId).toBe(h.keys.bob![0]!.id);
    }
    expect(callsOf('alice')).toBe(4);
    expect((await standing()).find((row) => row.account === 'alice')!.limits.rpd).toBe(3);
  });

  it("never plans over the user's own rule, and forgets what it learned when told to", async () => {
    await start({
      accounts: { alice: { keys: 1 } },
      limits: [{ model: '*', rpm: Infinity, tpm: Infinity, rpd: 50 }],
    });
    h.emulator.injectFault(faults.rateLimit({ perDay: true, limit: 3, retryDelay: null }));
    expect((await generate('one')).status).toBe(429);
    const [row] = await standing();
    expect(row!.limits.rpd).toBe(50);
    expect(row!.sources.rpd).toEqual({ source: 'rule' });
    // A day quota without RetryInfo cools until the next Pacific midnight all the same.
    expect(row!.coolingUntil).toBe(new Date(nextPacificMidnight(Date.now())).toISOString());
    const forgot = await cli(['limits', 'forget', '--model', MODEL]);
    expect(forgot.stdout).toMatch(/forgot 1 learned limit\b/);
    expect(JSON.parse((await cli(['limits', 'list', '--json'])).stdout)).not.toContainEqual(
      expect.objectContaining({ source: 'learned' }),
    );
  });

  it('stops a project at its spending cap for every model, says so once, and uses it again when the user resumes it', async () => {
    await start({
      accounts: { alice: { keys: 1 }, bob: { keys: 1 } },
      limits: [{ model: '*', rpm: Infinity, tpm: Infinity, rpd: Infinity }],
    });
    const alice = h.keys.alice![0]!;
    h.emulator.injectFault(faults.spendCap('project-monthly'), { key: alice.key });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await generate(`flash ${i}`));
    for (let i = 0; i < 2; i++) answers.push(await generate(`pro ${i}`, 'gemini-2.5-pro'));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(200));
    expect(answers.every((a) => a.keyId === h.keys.bob![0]!.id)).toBe(true);
    expect(callsOf('alice')).toBe(1);
    const capped = events.filter((e) => e.type === 'project.spendCapped');
    expect(capped).toHaveLength(1);
    expect(capped[0]!.message).toMatch(/monthly spending cap/);
    const monthStart = new Date(nextPacificMonthStart(Date.now())).toISOString();
    expect((await standing('gemini-2.5-pro')).find((row) => row.account === 'alice')!.coolingUntil).toBe(
      monthStart,
    );

    // Still stopped after a restart; `limits resume` (the user raised the cap) lifts it at once.
    await h.restart();
    expect((await generate('after restart')).keyId).toBe(h.keys.bob![0]!.id);
    const resumed = await cli(['limits', 'resume', '--project', alice.id]);
    expect(resumed.code, resumed.stderr).toBe(0);
    await expect.poll(async () => (await generate('again')).keyId, { timeout: 5000 }).toBe(alice.id);
    expect((await cli(['limits', 'resume', '--project', alice.id])).stderr).toMatch(
      /not stopped by a spending limit/,
    );
  });

  it('quarantines a key suspended for the terms of service, tells the user, and does not try it again by itself', async () => {
    await start({
      accounts: { alice: { keys: 1 }, bob: { keys: 1 }, carol: { keys: 1 } },
      limits: [{ model: '*', rpm: Infinity, tpm: Infinity, rpd: Infinity }],
      settings: { 'pool.recheckIntervalMs': 1000 },
    });
    const [alice, bob] = [h.keys.alice![0]!, h.keys.bob![0]!];
    h.emulator.injectFault(faults.termsOfService(), { key: alice.key });
    // Bob's project has the API disabled: dead too, but that is re-checked (it may be enabled again).
    h.emulator.injectFault(faults.permissionDenied('service-disabled'), { key: bob.key });
    for (let i = 0; i < 4; i++) expect((await generate(`q${i}`)).status).toBe(200);
    expect(events.filter((e) => e.type === 'key.quarantined')).toEqual([
      expect.objectContaining({
        keyId: alice.id,
        severity: 'error',
        message: expect.stringMatching(/TOS_VIOLATION/),
      }),
    ]);
    expect(events.filter((e) => e.type === 'key.disabled')).toEqual([
      expect.objectContaining({ keyId: bob.id }),
    ]);
    const checks = (key: string) =>
      h.emulator.requests.filter((r) => r.apiKey === key && r.action === 'list');
    await expect.poll(() => checks(bob.key).length, { timeout: 5000 }).toBeGreaterThan(0);
    expect(checks(alice.key)).toHaveLength(0);
    // Checked by hand after an appeal: back in the pool.
    const checked = await cli(['keys', 'check', alice.id]);
    expect(checked.code, checked.stderr).toBe(0);
    await expect.poll(async () => (await generate('back')).keyId, { timeout: 5000 }).toBe(alice.id);
  });

  it('never holds an overloaded model against a key or project', async () => {
    await start({
      accounts: { alice: { keys: 1 }, bob: { keys: 1 } },
      limits: [{ model: '*', rpm: Infinity, tpm: Infinity, rpd: Infinity }],
    });
    h.emulator.injectFault(faults.overloaded(), { key: h.keys.alice![0]!.key });
    expect((await generate('busy?')).status).toBe(200);
    expect(h.gateway.status().keys).toMatchObject({ healthy: 2, cooling: 0, disabled: 0 });
    const keys = new Set<string | null>();
    for (let i = 0; i < 4; i++) keys.add((await generate(`next ${i}`)).keyId);
    expect(keys).toEqual(new Set([h.keys.alice![0]!.id, h.keys.bob![0]!.id]));
  });

  it("answers a retired model's 404 as 'model retired' in each dialect", async () => {
    await start({
      accounts: { alice: { keys: 1 } },
      limits: [{ model: '*', rpm: Infinity, tpm: Infinity, rpd: Infinity }],
    });
    const native = await generate('hello', 'gemini-2.0-flash');
    expect(native.status).toBe(404);
    expect(native.body.error).toMatchObject({ code: 404, status: 'NOT_FOUND' });
    expect(native.body.error.message).toMatch(
      /^Model retired: Gemini no longer serves gemini-2\.0-flash \(shut down 2026-06-01\)\./,
    );

    const openai = new OpenAI({ baseURL: `${h.url}/v1`, apiKey: h.token, maxRetries: 0 });
    const refused = await openai.chat.completions
      .create({ model: 'gemini-2.0-flash', messages: [{ role: 'user', content: 'hello' }] })
      .catch((error: unknown) => error as InstanceType<typeof OpenAI.APIError>);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect(refused).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect((refused as Error).message).toMatch(/Model retired: Gemini no longer serves gemini-2\.0-flash/);

    const unknown = await generate('hello', 'gemini-9-ultra');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(
      /^Model retired or unknown: Gemini does not serve gemini-9-ultra/,
    );
    // Nobody's fault in the pool: the key serves the next request.
    expect((await generate('fine')).status).toBe(200);
  });
});
