import { afterEach, describe, expect, it } from 'vitest';
import { faults } from './emulator/index.js';
import { startHarness, type Harness, type HarnessOptions } from './support/harness.js';
import type { GatewayEvent } from '../proxy/app/gatewayApi.js';
import type { Content } from '../proxy/gemini/types.js';
import { openStore } from '../proxy/store/openStore.js';
import { KeySwitch } from '../proxy/keys/keySwitch.js';
import { nextPacificMidnight } from '../proxy/pool/pacificTime.js';

const MODEL = 'gemini-2.5-flash';

/**
 * The key pool end to end: real HTTP into the gateway, real SQLite, the emulator playing Gemini.
 * Which key served what is read from the emulator's own record of the requests it received.
 */
describe('key pool against the emulator', () => {
  let h: Harness;
  let events: GatewayEvent[];
  afterEach(() => h?.close());

  async function start(options: HarnessOptions): Promise<Harness> {
    h = await startHarness(options);
    events = [];
    h.gateway.onEvent((event) => events.push(event));
    return h;
  }

  async function generate(
    contents: string | Content[],
    model = MODEL,
    signal?: AbortSignal,
    extra: Record<string, unknown> = {},
  ) {
    const body = {
      ...extra,
      contents: typeof contents === 'string' ? [{ role: 'user', parts: [{ text: contents }] }] : contents,
    };
    const response = await fetch(`${h.url}/v1beta/models/${model}:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal,
    });
    return {
      status: response.status,
      keyId: response.headers.get('x-gemgate-key-id'),
      retryAfter: response.headers.get('retry-after'),
      body: (await response.json()) as Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
    };
  }

  /** Which account (and key index) each upstream generate call used, in order. */
  function upstreamCalls(): string[] {
    const owner = new Map<string, string>();
    for (const [account, list] of Object.entries(h.keys))
      list.forEach((k, i) => owner.set(k.key, `${account}#${i}`));
    return h.emulator.requests
      .filter((r) => r.action === 'streamGenerateContent' || r.action === 'generateContent')
      .map((r) => owner.get(r.apiKey ?? '') ?? 'unknown');
  }
  const tally = (values: string[]) =>
    values.reduce<Record<string, number>>((acc, v) => ({ ...acc, [v]: (acc[v] ?? 0) + 1 }), {});
  const accountOf = (call: string) => call.split('#')[0]!;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  const waitFor = async (what: () => boolean, ms = 5000) => {
    const until = Date.now() + ms;
    while (!what()) {
      if (Date.now() > until) throw new Error('timed out waiting');
      await sleep(25);
    }
  };

  it('spreads 40 requests evenly over three primary projects, the keys of a project in turn', async () => {
    await start({
      accounts: { alice: { keys: 2, project: 'alice-shared' }, bob: { keys: 1 }, carol: { keys: 1 } },
    });
    for (const { key } of h.keys.alice!) h.emulator.setProject(key, 'alice-shared');
    for (let batch = 0; batch < 4; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => generate(`question ${batch}-${i}`)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    }
    const calls = upstreamCalls();
    expect(calls).toHaveLength(40);
    expect(tally(calls.map(accountOf))).toEqual({ alice: 14, bob: 13, carol: 13 });
    expect(tally(calls.filter((c) => c.startsWith('alice')))).toEqual({ 'alice#0': 7, 'alice#1': 7 });
  });

  it('skips a project at its daily limit without calling it, and says when to come back', async () => {
    await start({
      accounts: { alice: { keys: 1 }, bob: { keys: 1 } },
      limits: [{ model: MODEL, rpm: null, tpm: null, rpd: 3 }],
    });
    h.emulator.setQuota({ model: MODEL, rpd: 3 });
    for (let i = 0; i < 6; i++) expect((await generate(`daily ${i}`)).status).toBe(200);
    const refused = await generate('one too many');
    expect(refused.status).toBe(429);
    expect(upstreamCalls()).toHaveLength(6); // the 7th was never sent: gemgate knew it would fail
    const seconds = Math.ceil((nextPacificMidnight(Date.now()) - Date.now()) / 1000);
    expect(Math.abs(Number(refused.retryAfter) - seconds)).toBeLessThanOrEqual(2);
    expect(events.filter((e) => e.type === 'project.exhausted')).toHaveLength(2);
    expect(events.some((e) => e.type === 'pool.down' && e.model === MODEL)).toBe(true);
  });

  it('does not try a rate-limited project again before its retryDelay, and does after', async () => {
    await start({ accounts: { alice: { keys: 1 }, bob: { keys: 1 } } });
    const alice = h.keys.alice![0]!;
    h.emulator.injectFault(faults.rateLimit({ retryDelay: '1.5s' }), { key: alice.key });
    const limitedAt = Date.now();
    const first = await generate('first');
    expect(first.status).toBe(200);
    expect(first.keyId).toBe(h.keys.bob![0]!.id);
    for (let i = 0; i < 5; i++) expect((await generate(`meanwhile ${i}`)).keyId).toBe(h.keys.bob![0]!.id);
    expect(Date.now() - limitedAt).toBeLessThan(1500);
    expect(upstreamCalls().filter((c) => c === 'alice#0')).toHaveLength(1);
    expect(h.gateway.status().keys).toMatchObject({ total: 2, healthy: 1, cooling: 1, disabled: 0 });

    await sleep(1500 - (Date.now() - limitedAt) + 150);
    const after = await Promise.all([generate('after 1'), generate('after 2')]);
    expect(after.map((a) => a.keyId)).toContain(alice.id);
    expect(h.gateway.status().keys).toMatchObject({ healthy: 2, cooling: 0 });
  });

  it('tries an invalid key once, then never; disables it and says so', async () => {
    await start({ accounts: { alice: { keys: 1 }, bob: { keys: 2 } } });
    const alice = h.keys.alice![0]!;
    h.emulator.setKeyState(alice.key, 'invalid');
    for (let i = 0; i < 8; i++) expect((await generate(`q${i}`)).status).toBe(200);
    expect(upstreamCalls().filter((c) => c === 'alice#0')).toHaveLength(1);
    const disabled = events.filter((e) => e.type === 'key.disabled');
    expect(disabled).toHaveLength(1);
    expect(disabled[0]).toMatchObject({ keyId: alice.id, severity: 'error' });
    expect(disabled[0]!.message).toMatch(/API_KEY_INVALID/);
    expect(disabled[0]!.message).not.toContain(alice.key);
    const store = openStore(h.dataDir);
    try {
      expect(store.keys.get(alice.id)).toMatchObject({ state: 'dead', stateReason: 'API_KEY_INVALID' });
    } finally {
      store.close();
    }
    expect(h.gateway.status()).toMatchObject({ health: 'degraded', keys: { disabled: 1, healthy: 2 } });
  });

  it('retries a 503 on another project and never penalises the key', async () => {
    await start({ accounts: { alice: { keys: 2, project: 'alice-shared' }, bob: { keys: 1 } } });
    const [a0] = h.keys.alice!;
    h.emulator.injectFault(faults.overloaded(), { key: a0!.key });
    h.emulator.injectFault(faults.internal(), { key: a0!.key });
    const first = await generate('overloaded?');
    expect(first.status).toBe(200);
    // Not the other key of the same project: the retry goes to another project.
    expect(upstreamCalls()).toEqual(['alice#0', 'bob#0']);
    // Both faults used up, the key that had them serves like any other.
    const next: Array<string | null> = [];
    for (let i = 0; i < 8; i++) next.push((await generate(`after ${i}`)).keyId);
    expect(next).toContain(a0!.id);
    expect(h.emulator.pendingFaults()).toBe(0);
    expect(events.filter((e) => e.type === 'key.disabled')).toEqual([]);
    expect(h.gateway.status().keys).toMatchObject({ healthy: 3, cooling: 0, disabled: 0 });
  });

  it('gives a lone project’s 503 back to the client, and the key serves the next request', async () => {
    await start({ accounts: { solo: { keys: 1 } } });
    h.emulator.injectFault(faults.overloaded());
    const failed = await generate('busy');
    expect(failed.status).toBe(503);
    expect(failed.body.error.message).toMatch(/overloaded/);
    expect((await generate('again')).status).toBe(200);
  });

  it('finds the project that owns a Files API file, without blaming the keys that may not read it', async () => {
    await start({
      accounts: { alice: { keys: 2, project: 'alice-shared' }, bob: { keys: 1 }, carol: { keys: 1 } },
    });
    const fileUri = h.emulator.addFile(h.keys.carol![0]!.key);
    const withFile = (text: string): Content[] => [
      { role: 'user', parts: [{ fileData: { mimeType: 'application/pdf', fileUri } }, { text }] },
    ];
    const first = await generate(withFile('summarise the file'));
    expect(first.status).toBe(200);
    expect(first.keyId).toBe(h.keys.carol![0]!.id);
    // One try per project at most (not alice's second key: same project, same refusal), and no key
    // disabled or reported dead for a file that was not its project's.
    expect(upstreamCalls().at(-1)).toBe('carol#0');
    expect(new Set(upstreamCalls().map(accountOf)).size).toBe(upstreamCalls().length);
    expect(events.filter((e) => e.type === 'key.disabled')).toEqual([]);
    expect(h.gateway.status().keys).toMatchObject({ healthy: 4, disabled: 0 });

    // The next turn naming the same file goes straight to carol's project.
    const before = h.emulator.requests.length;
    expect((await generate(withFile('and now in one line'))).keyId).toBe(h.keys.carol![0]!.id);
    expect(h.emulator.requests.length - before).toBe(1);

    // A file no project of the pool owns: Gemini's 403, with a hint, and still every key healthy.
    const foreign = h.emulator.addFile(h.emulator.newKey());
    const refused = await generate([
      { role: 'user', parts: [{ fileData: { fileUri: foreign } }, { text: 'read' }] },
    ]);
    expect(refused.status).toBe(403);
    expect(refused.body.error.status).toBe('PERMISSION_DENIED');
    expect(refused.body.error.message).toMatch(
      /You do not have permission to access the File .* project that created it/,
    );
    expect(events.filter((e) => e.type === 'key.disabled')).toEqual([]);
    expect(h.gateway.status().keys).toMatchObject({ healthy: 4, disabled: 0 });
  });

  it('leaves a project with no quota at all for a model (limit 0) alone, not just for the few seconds Gemini says', async () => {
    await start({ accounts: { free: { keys: 1 }, paid: { keys: 1 } } });
    const free = h.keys.free![0]!;
    h.emulator.injectFault(faults.rateLimit({ retryDelay: '0.3s', limit: 0 }), { key: free.key });
    for (let i = 0; i < 4 && h.emulator.pendingFaults() > 0; i++) {
      expect((await generate(`pro please ${i}`, 'gemini-2.5-pro')).status).toBe(200);
    }
    expect(h.emulator.pendingFaults()).toBe(0);
    // Past the 0.3 s Gemini named, the free project is still left alone for this model...
    await sleep(500);
    for (let i = 0; i < 6; i++) {
      expect((await generate(`pro again ${i}`, 'gemini-2.5-pro')).keyId).toBe(h.keys.paid![0]!.id);
    }
    // ...and only for this model.
    const served = new Set<string | null>();
    for (let i = 0; i < 4; i++) served.add((await generate(`flash please ${i}`)).keyId);
    expect(served).toContain(free.id);
    expect(events.filter((e) => e.type === 'key.disabled')).toEqual([]);
  });

  it('uses the backup account only while every primary project is cooling', async () => {
    await start({
      accounts: { alice: { keys: 1 }, bob: { keys: 1 }, spare: { keys: 1, tier: 'backup' } },
    });
    for (let i = 0; i < 4; i++) await generate(`warm ${i}`);
    expect(upstreamCalls().map(accountOf)).not.toContain('spare');

    for (const account of ['alice', 'bob']) {
      h.emulator.injectFault(faults.rateLimit({ retryDelay: '1s' }), { key: h.keys[account]![0]!.key });
    }
    const cooledAt = Date.now();
    const during = await generate('both primaries limited');
    expect(during.keyId).toBe(h.keys.spare![0]!.id);
    expect((await generate('still limited')).keyId).toBe(h.keys.spare![0]!.id);
    expect(Date.now() - cooledAt).toBeLessThan(1000);

    await sleep(1000 - (Date.now() - cooledAt) + 150);
    const before = upstreamCalls().length;
    for (let i = 0; i < 4; i++) await generate(`recovered ${i}`);
    expect(upstreamCalls().slice(before).map(accountOf)).not.toContain('spare');
  });

  it('answers clearly when every project is cooling (429, Retry-After) and when every key is dead (503)', async () => {
    await start({ accounts: { alice: { keys: 1 }, bob: { keys: 1 } } });
    for (const account of ['alice', 'bob']) {
      h.emulator.injectFault(faults.rateLimit({ retryDelay: '30s' }), { key: h.keys[account]![0]!.key });
    }
    const limited = await generate('hello');
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(29);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(30);
    expect(limited.body.error).toMatchObject({
      code: 429,
      status: 'RESOURCE_EXHAUSTED',
      message: expect.stringMatching(
        /Every Gemini API key is rate-limited for gemini-2\.5-flash until .*Z \(in \d+s\)/,
      ),
      details: [
        { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: expect.stringMatching(/^\d+s$/) },
      ],
    });
    const calls = upstreamCalls().length;
    expect((await generate('still?')).status).toBe(429);
    expect(upstreamCalls()).toHaveLength(calls);
    expect(events.filter((e) => e.type === 'pool.down')).toHaveLength(1);
    expect(h.gateway.status().health).toBe('down');

    await h.close();
    await start({ accounts: { alice: { keys: 1 }, bob: { keys: 1 } } });
    for (const account of ['alice', 'bob']) h.emulator.setKeyState(h.keys[account]![0]!.key, 'suspended');
    const dead = await generate('anyone?');
    expect(dead.status).toBe(503);
    expect(dead.body.error.message).toMatch(/Every Gemini API key in gemgate has been disabled/);
    expect(events.filter((e) => e.type === 'key.quarantined')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'pool.down')).toHaveLength(1);
  });

  it('keeps cooldowns, disabled keys and counts across a restart', async () => {
    await start({
      accounts: { alice: { keys: 1 }, bob: { keys: 1 }, carol: { keys: 1 } },
      limits: [{ model: MODEL, rpm: null, tpm: null, rpd: 4 }],
    });
    h.emulator.injectFault(faults.rateLimit({ retryDelay: '60s' }), { key: h.keys.alice![0]!.key });
    h.emulator.setKeyState(h.keys.bob![0]!.key, 'invalid');
    expect((await generate('before restart')).keyId).toBe(h.keys.carol![0]!.id);
    expect((await generate('before restart 2')).keyId).toBe(h.keys.carol![0]!.id);
    const statusBefore = h.gateway.status().keys;

    await h.restart();
    const calls = upstreamCalls().length;
    expect(h.gateway.status().keys).toEqual(statusBefore);
    expect(statusBefore).toMatchObject({ total: 3, healthy: 1, cooling: 1, disabled: 1 });
    // Carol used 2 of her 4 requests today before the restart: 2 more, then nothing can serve.
    expect((await generate('after restart')).keyId).toBe(h.keys.carol![0]!.id);
    expect((await generate('after restart 2')).keyId).toBe(h.keys.carol![0]!.id);
    expect((await generate('after restart 3')).status).toBe(429);
    expect(upstreamCalls().slice(calls)).toEqual(['carol#0', 'carol#0']);
  });

  it('re-checks a dead key in the running gateway and puts it back when it works again', async () => {
    await start({
      accounts: { alice: { keys: 1 }, bob: { keys: 1 } },
      settings: { 'pool.recheckIntervalMs': 1000 },
    });
    const alice = h.keys.alice![0]!;
    // The API disabled in the project, then enabled again (a suspension is quarantined instead).
    h.emulator.setKeyState(alice.key, 'service-disabled');
    await generate('disabled?');
    expect(events.map((e) => e.type)).toContain('key.disabled');
    h.emulator.setKeyState(alice.key, 'valid');
    await waitFor(() => events.some((e) => e.type === 'key.recovered'), 4000);
    expect(events.find((e) => e.type === 'key.recovered')).toMatchObject({
      keyId: alice.id,
      severity: 'info',
    });
    const answers = await Promise.all([generate('back 1'), generate('back 2')]);
    expect(answers.map((a) => a.keyId)).toContain(alice.id);
  });

  it('follows a key disabled and enabled by hand from another process', async () => {
    await start({ accounts: { alice: { keys: 1 }, bob: { keys: 1 } } });
    const alice = h.keys.alice![0]!;
    const store = openStore(h.dataDir);
    try {
      new KeySwitch(store).disable(alice.id);
      await waitFor(() => h.gateway.status().keys.healthy === 1);
      const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => generate(`off ${i}`)));
      expect(answers.every((a) => a.keyId === h.keys.bob![0]!.id)).toBe(true);
      new KeySwitch(store).enable(alice.id);
      await waitFor(() => h.gateway.status().keys.healthy === 2);
      const again = await Promise.all(Array.from({ length: 4 }, (_, i) => generate(`on ${i}`)));
      expect(again.map((a) => a.keyId)).toContain(alice.id);
    } finally {
      store.close();
    }
  });

  /** A Gemini 3 tool call, then its result sent back: the call's thought signature must validate. */
  async function toolConversation(): Promise<{
    first: string | null;
    second: Awaited<ReturnType<typeof generate>>;
  }> {
    const model = 'gemini-3-flash-preview';
    const tools = [{ functionDeclarations: [{ name: 'pick_prime', parameters: { type: 'object' } }] }];
    h.emulator.setAnswer('Pick a prime.', { functionCalls: [{ name: 'pick_prime', args: {} }] });
    const question: Content = { role: 'user', parts: [{ text: 'Pick a prime.' }] };
    const first = await generate([question], model, undefined, { tools });
    expect(first.status).toBe(200);
    const call = first.body.candidates[0].content as Content;
    expect(call.parts[0]?.thoughtSignature).toBeTruthy();
    await generate('an unrelated request moves the round-robin cursor', model);
    const result: Content = {
      role: 'user',
      parts: [{ functionResponse: { name: 'pick_prime', response: { prime: 7 } } }],
    };
    const second = await generate([question, call, result], model, undefined, { tools });
    return { first: first.keyId, second };
  }

  it('keeps a Gemini 3 conversation on its project, so its thought signatures stay valid', async () => {
    await start({ accounts: { alice: { keys: 1 }, bob: { keys: 1 }, carol: { keys: 1 } } });
    const { first, second } = await toolConversation();
    expect(second.status).toBe(200);
    expect(second.keyId).toBe(first);
  });

  it('without stickiness, the signatures themselves bring the conversation back to the project that minted them', async () => {
    await start({
      accounts: { alice: { keys: 1 }, bob: { keys: 1 }, carol: { keys: 1 } },
      settings: { 'pool.stickiness': false },
    });
    const { first, second } = await toolConversation();
    expect(second.status).toBe(200);
    expect(second.keyId).toBe(first);
  });

  it('a client that hangs up costs nothing', async () => {
    await start({
      accounts: { solo: { keys: 1 } },
      limits: [{ model: MODEL, rpm: 1, tpm: null, rpd: null }],
    });
    h.emulator.injectFault(faults.delay(2000));
    const abort = new AbortController();
    const pending = generate('never mind', MODEL, abort.signal).catch((error: Error) => error);
    await waitFor(() => h.emulator.requests.length === 1);
    abort.abort();
    expect(await pending).toBeInstanceOf(Error);
    await sleep(100); // the gateway notices the closed socket and aborts its upstream call
    // With a limit of one request a minute, the abandoned request must not have used it up.
    const next = await generate('this one counts');
    expect(next.status).toBe(200);
  });
});
