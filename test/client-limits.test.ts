import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { openStore } from '../proxy/store/openStore.js';
import { ClientPolicies } from '../proxy/policy/clientPolicies.js';
import type { ClientPolicy } from '../proxy/policy/clientPolicy.js';

/** Client policies enforced over real HTTP: each client is held to its own limits, never another's. */
describe('client policies', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: { alice: { keys: 1 }, bob: { tier: 'backup', keys: 1 } } });
  });
  afterAll(() => h.close());

  function token(name: string, policy: (accounts: Record<string, string>) => ClientPolicy): string {
    const store = openStore(h.dataDir);
    try {
      const accounts = Object.fromEntries(
        store.accounts.list().map((account) => [account.label, account.id]),
      );
      const { record, token } = store.tokens.create(name);
      new ClientPolicies(store).set(record.id, policy(accounts));
      return token;
    } finally {
      store.close();
    }
  }

  const generate = (token: string, model = 'gemini-2.5-flash') =>
    fetch(`${h.url}/v1beta/models/${model}:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }),
    });

  it('a client over its rpm gets a clear 429 with Retry-After while another client carries on', async () => {
    const limited = token('limited', () => ({ rpm: 2 }));
    expect((await generate(limited)).status).toBe(200);
    expect((await generate(limited)).status).toBe(200);
    const refused = await generate(limited);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { status: string; message: string } };
    expect(body.error.status).toBe('RESOURCE_EXHAUSTED');
    expect(body.error.message).toMatch(
      /"limited" .* is over its limit of 2 requests per minute \(rpm\); retry in \d+s/,
    );
    for (let i = 0; i < 3; i++) expect((await generate(h.token)).status).toBe(200);
    expect((await generate(limited)).status).toBe(429);
  });

  it('a client over its daily spend gets a 429 naming the limit, and an alert, while another carries on', async () => {
    const frugal = token('frugal', () => ({ dailyUsd: 0.000001 }));
    expect((await generate(frugal)).status).toBe(200);
    const refused = await generate(frugal);
    expect(refused.status).toBe(429);
    const { error } = (await refused.json()) as { error: { message: string } };
    expect(error.message).toMatch(
      /"frugal" .* has reached its daily spend limit of \$0\.000001 \(dailyUsd; spent \$0\.0\d+ today\)/,
    );
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await generate(h.token)).status).toBe(200);
    expect(h.logs()).toMatch(/A client reached its daily spend limit: Token \\"frugal\\"/);
  });

  it('draws only on the accounts and tiers a client may use', async () => {
    const bobOnly = token('bob-only', (accounts) => ({ allowAccounts: [accounts.bob!] }));
    const primaryOnly = token('primary-only', () => ({ allowTiers: ['primary'] }));
    for (let i = 0; i < 3; i++) {
      expect((await generate(bobOnly)).headers.get('x-gemgate-key-id')).toBe(h.keys.bob![0]!.id);
      expect((await generate(primaryOnly)).headers.get('x-gemgate-key-id')).toBe(h.keys.alice![0]!.id);
    }
    expect(h.emulator.requests.at(-2)!.apiKey).toBe(h.keys.bob![0]!.key);
  });

  it('lists only the models a client may see, and refuses the others by name', async () => {
    const flash = token('flash-family', () => ({
      allowModels: ['gemini-2.5-flash*'],
      hideModels: ['*-lite'],
    }));
    const ai = new GoogleGenAI({ apiKey: flash, httpOptions: { baseUrl: h.url } });
    const names: string[] = [];
    for await (const model of await ai.models.list()) names.push(model.name ?? '');
    // The family's image and speech models are flash models too; the lite one is hidden.
    expect(names).toEqual([
      'models/gemini-2.5-flash',
      'models/gemini-2.5-flash-image',
      'models/gemini-2.5-flash-preview-tts',
    ]);
    // Hidden is not forbidden: the lite model still answers.
    expect((await generate(flash, 'gemini-2.5-flash-lite')).status).toBe(200);
    const pro = await generate(flash, 'gemini-2.5-pro');
    expect(pro.status).toBe(403);
    expect(((await pro.json()) as { error: { message: string } }).error.message).toMatch(
      /may not use model gemini-2\.5-pro: its policy allows only gemini-2\.5-flash\* \(allowModels\)/,
    );
    const all: string[] = [];
    for await (const model of await new GoogleGenAI({
      apiKey: h.token,
      httpOptions: { baseUrl: h.url },
    }).models.list()) {
      all.push(model.name ?? '');
    }
    expect(all).toContain('models/gemini-2.5-pro');
  });

  it('a policy change takes effect on the next request', async () => {
    const store = openStore(h.dataDir);
    const { record, token: value } = store.tokens.create('changing');
    store.close();
    expect((await generate(value)).status).toBe(200);
    const again = openStore(h.dataDir);
    new ClientPolicies(again).set(record.id, { allowModels: ['gemini-3-*'] });
    again.close();
    expect((await generate(value)).status).toBe(403);
  });
});
