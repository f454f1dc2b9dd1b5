import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { rawRequest } from './support/http.js';
import { adminClient } from './support/adminClient.js';
import { startOpenAIEmulator, type OpenAIEmulator } from './emulator-openai/index.js';
import type {
  AccountsResponse,
  AddKeysResponse,
  BackupImportResponse,
  BackupStatusResponse,
  CreateTokenResponse,
  EventsResponse,
  PricesResponse,
  ProviderView,
  ProvidersResponse,
  RequestLogResponse,
  TokensResponse,
  UsageResponse,
  OverviewResponse,
  ModelsResponse,
  SettingsResponse,
} from '../proxy/http/admin/contract.js';

/**
 * The admin API behind the dashboard: its session auth and CSRF defence, and each route's answers,
 * against the gateway in-process and the emulator. (The browser drives it in dashboard.test.ts.)
 */
describe('admin API', () => {
  let h: Harness;
  let call: Awaited<ReturnType<typeof adminClient>>;
  let cookie: string;
  const secretsSeen: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ accounts: { alice: { keys: 1 } } });
    for (const keys of Object.values(h.keys)) secretsSeen.push(...keys.map((key) => key.key));
    call = await adminClient(h);
    cookie = await signIn(h);
  });
  afterAll(() => h.close());

  const admin = async (
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const answer = await call(path, init);
    const text = answer.json === undefined ? '' : JSON.stringify(answer.json);
    // No admin answer ever carries a key in clear, Gemini's or another provider's.
    for (const secret of secretsSeen) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/AIza[0-9A-Za-z_-]{35}/);
    expect(text).not.toMatch(/sk-[0-9a-f]{32}/);
    return answer;
  };

  it('answers 401 without a session, whatever client token is presented', async () => {
    // Only the session probe answers without one, and it says no.
    expect(await (await fetch(`${h.url}/admin/api/session`)).json()).toEqual({ signedIn: false });
    expect((await admin('/session')).json).toMatchObject({ signedIn: true });
    const plain = await fetch(`${h.url}/admin/api/overview`);
    expect(plain.status).toBe(401);
    expect(await plain.json()).toMatchObject({ error: { message: expect.stringMatching(/Not signed in/) } });
    const presented: Array<Record<string, string>> = [
      { authorization: `Bearer ${h.token}` },
      { 'x-goog-api-key': h.token },
      { 'x-api-key': h.token },
      {},
    ];
    for (const headers of presented) {
      const response = await fetch(`${h.url}/admin/api/accounts?key=${h.token}`, { headers });
      expect(response.status).toBe(401);
    }
    const post = await fetch(`${h.url}/admin/api/tokens`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.token}`,
        'x-gemgate-admin': '1',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'sneaky' }),
    });
    expect(post.status).toBe(401);
  });

  it('refuses a state change without the CSRF header, from another origin, or cross-site', async () => {
    const noHeader = await fetch(`${h.url}/admin/api/tokens`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x' }),
    });
    expect(noHeader.status).toBe(403);
    expect(
      (
        await admin('/tokens', {
          method: 'POST',
          body: { name: 'x' },
          headers: { origin: 'http://evil.example' },
        })
      ).status,
    ).toBe(403);
    expect((await admin('/overview', { headers: { 'sec-fetch-site': 'cross-site' } })).status).toBe(403);
    const sameOrigin = await admin('/overview', { headers: { origin: h.url } });
    expect(sameOrigin.status).toBe(200);
  });

  it('signs in once per login token, and never sends CORS permission', async () => {
    const token = h.gateway.createLoginToken();
    const first = await rawRequest(`${h.url}/?token=${token}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const setCookie = String(first.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\//);
    const again = await rawRequest(`${h.url}/?token=${token}`);
    expect(again.headers.location).toBe('/?signin=expired');
    expect(again.headers['set-cookie']).toBeUndefined();
    const preflight = await rawRequest(`${h.url}/admin/api/tokens`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const login = await admin('/login', { method: 'POST', body: { token: 'not-a-token' } });
    expect(login.status).toBe(401);
  });

  it('serves the dashboard with a strict CSP and no inline script', async () => {
    const page = await fetch(`${h.url}/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    const asset = await fetch(`${h.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
  });

  it('gives an overview with endpoints and says what is not built yet', async () => {
    const { status, json } = await admin('/overview');
    expect(status).toBe(200);
    const overview = json as OverviewResponse;
    expect(overview.endpoints).toEqual({ gemini: h.url, openai: `${h.url}/v1` });
    expect(overview.status.keys.total).toBe(1);
    expect(overview.status.health).toBe('healthy');
    // On loopback, no other device can reach it: the page says how to change that.
    expect(overview.reach).toEqual({ loopbackOnly: true, lan: [] });
  });

  it("lists the pool's models for pickers: Gemini's catalogue, through a key of the pool", async () => {
    const { models, geminiUnavailable } = (await admin('/models')).json as ModelsResponse;
    expect(geminiUnavailable).toBeNull();
    expect(models).toContainEqual(expect.objectContaining({ id: 'gemini-2.5-flash', provider: 'gemini' }));
    expect(models).toContainEqual(
      expect.objectContaining({ id: 'gemini-embedding-001', provider: 'gemini' }),
    );
  });

  it('adds a paste key by key: each is shown to Google first, and one bad line spoils nothing else', async () => {
    const good = h.emulator.newKey();
    const busy = h.emulator.newKey();
    const refused = h.emulator.newKey();
    h.emulator.setKeyState(refused, 'invalid');
    const lookalike = `AIza${'x'.repeat(34)}`; // one character short
    const alreadyHere = h.keys.alice![0]!.key;
    secretsSeen.push(good, busy, refused);
    const { status, json } = await admin('/keys', {
      method: 'POST',
      body: { account: 'bob', tier: 'backup', keys: [good, refused, good, lookalike, alreadyHere, busy] },
    });
    expect(status).toBe(201);
    const result = json as AddKeysResponse;
    expect(result.added.map((entry) => entry.key.masked)).toEqual([
      `${good.slice(0, 4)}…${good.slice(-4)}`,
      `${busy.slice(0, 4)}…${busy.slice(-4)}`,
    ]);
    expect(result.added.map((entry) => entry.check)).toMatchObject([
      { ok: true, verdict: 'ok', state: 'active' },
      { ok: true, verdict: 'ok', state: 'active' },
    ]);
    // Checked when added: a working key never reads "not checked yet".
    expect(result.added[0]!.key.lastCheckedAt).not.toBeNull();
    expect(result.notAdded).toEqual([
      {
        position: 2,
        masked: `${refused.slice(0, 4)}…${refused.slice(-4)}`,
        reason: 'refused',
        detail: expect.stringMatching(/Google refused it \(API_KEY_INVALID\)/),
      },
      {
        position: 3,
        masked: `${good.slice(0, 4)}…${good.slice(-4)}`,
        reason: 'repeated',
        detail: expect.any(String),
      },
      {
        position: 4,
        masked: null,
        reason: 'malformed',
        detail: expect.stringMatching(/Not a Gemini API key/),
      },
      {
        position: 5,
        masked: expect.any(String),
        reason: 'duplicate',
        detail: expect.stringMatching(/in account alice/),
      },
    ]);
    expect(JSON.stringify(json)).not.toContain(lookalike);

    const accounts = (await admin('/accounts')).json as AccountsResponse;
    const bob = accounts.accounts.find((account) => account.label === 'bob')!;
    expect(bob.tier).toBe('backup');
    expect(bob.projects.flatMap((project) => project.keys)).toHaveLength(2);
  });

  it('adds nothing, and makes no account, when no key of a paste can be added', async () => {
    const lookalike = `AIza${'x'.repeat(34)}`;
    const before = ((await admin('/accounts')).json as AccountsResponse).accounts.length;
    const { status, json } = await admin('/keys', {
      method: 'POST',
      body: { account: 'carol', keys: [lookalike] },
    });
    expect(status).toBe(200);
    expect(JSON.stringify(json)).not.toContain(lookalike);
    expect((json as AddKeysResponse).added).toEqual([]);
    expect((json as AddKeysResponse).notAdded).toMatchObject([{ reason: 'malformed' }]);
    expect(((await admin('/accounts')).json as AccountsResponse).accounts).toHaveLength(before);
    const invalid = await admin('/keys', { method: 'POST', body: { account: '', keys: 'nope' } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.message).toMatch(/Invalid request/);
    const badProject = await admin('/keys', {
      method: 'POST',
      body: { account: 'carol', project: 'Not A Project', keys: [h.emulator.newKey()] },
    });
    expect(badProject.status).toBe(400);
    expect(badProject.json.error.message).toMatch(/not a Google Cloud project id/);
  });

  it('adds a provider (checked first), its keys (checked with it), and removes it with them', async () => {
    const qwen: OpenAIEmulator = await startOpenAIEmulator();
    try {
      const listed = (await admin('/providers')).json as ProvidersResponse;
      expect(listed.providers.map((provider) => provider.name)).toEqual(['gemini']);
      expect(listed.presets.map((preset) => preset.name)).toEqual(
        expect.arrayContaining(['dashscope-intl', 'dashscope-cn', 'deepseek']),
      );

      const added = await admin('/providers', {
        method: 'POST',
        body: { name: 'qwen', baseUrl: qwen.baseUrl },
      });
      expect(added.status).toBe(201);
      expect(added.json as ProviderView).toMatchObject({ name: 'qwen', modelsSource: 'pending', keys: 0 });
      // Bad configuration: a clear 400, and nothing changes.
      for (const body of [
        { name: 'qwen', baseUrl: qwen.baseUrl },
        { name: 'nowhere', baseUrl: 'http://127.0.0.1:9/v1' },
        { name: 'gemini', baseUrl: qwen.baseUrl },
      ]) {
        const refused = await admin('/providers', { method: 'POST', body });
        expect(refused.status).toBe(400);
        expect(refused.json.error.message).toMatch(/Nothing was added/);
      }

      const key = qwen.newKey();
      secretsSeen.push(key);
      const keys = await admin('/keys', {
        method: 'POST',
        body: { account: 'aliyun', provider: 'qwen', keys: [key] },
      });
      expect(keys.status).toBe(201);
      const [entry] = (keys.json as AddKeysResponse).added;
      expect(entry!.key).toMatchObject({ provider: 'qwen', masked: `${key.slice(0, 4)}…${key.slice(-4)}` });
      expect(entry!.check).toMatchObject({ ok: true, verdict: 'ok' });
      const refusedKey = await admin('/keys', {
        method: 'POST',
        body: { account: 'aliyun', provider: 'qwen', keys: [`sk-${'f'.repeat(32)}`] },
      });
      expect(refusedKey.status).toBe(200);
      expect((refusedKey.json as AddKeysResponse).notAdded).toMatchObject([
        {
          position: 1,
          reason: 'refused',
          detail: expect.stringMatching(/qwen refused it \(InvalidApiKey\)/),
        },
      ]);

      const after = (await admin('/providers')).json as ProvidersResponse;
      expect(after.providers.find((provider) => provider.name === 'qwen')).toMatchObject({
        modelsSource: 'fetched',
        models: ['qwen-plus', 'qwen-max', 'qwen-flash', 'qwen-turbo', 'text-embedding-v4'],
        keys: 1,
        activeKeys: 1,
      });
      const aliyun = ((await admin('/accounts')).json as AccountsResponse).accounts.find(
        (account) => account.label === 'aliyun',
      )!;
      expect(aliyun.projects.map((project) => project.provider)).toEqual(['qwen']);

      expect((await admin('/providers/qwen', { method: 'DELETE' })).status).toBe(204);
      const gone = (await admin('/providers')).json as ProvidersResponse;
      expect(gone.providers.map((provider) => provider.name)).toEqual(['gemini']);
      const accounts = ((await admin('/accounts')).json as AccountsResponse).accounts;
      expect(
        accounts.flatMap((account) => account.projects).some((project) => project.provider === 'qwen'),
      ).toBe(false);
      expect((await admin('/providers/qwen', { method: 'DELETE' })).status).toBe(404);
    } finally {
      await qwen.close();
    }
  });

  it('disables, re-enables, checks and removes a key', async () => {
    const keyId = h.keys.alice![0]!.id;
    expect(
      (await admin(`/keys/${keyId}`, { method: 'PATCH', body: { state: 'disabled' } })).json,
    ).toMatchObject({
      state: 'disabled',
      why: 'Disabled: disabled in the dashboard.',
    });
    expect(((await admin('/overview')).json as OverviewResponse).status.keys.healthy).toBe(2);
    expect(
      (await admin(`/keys/${keyId}`, { method: 'PATCH', body: { state: 'active' } })).json,
    ).toMatchObject({
      state: 'active',
    });
    expect((await admin(`/keys/${keyId}/check`, { method: 'POST' })).json).toMatchObject({
      ok: true,
      verdict: 'ok',
    });
    const all = await admin('/keys/check', { method: 'POST' });
    expect(all.json.results).toHaveLength(3);
    const extra = h.emulator.newKey();
    secretsSeen.push(extra);
    const added = (await admin('/keys', { method: 'POST', body: { account: 'alice', keys: [extra] } }))
      .json as AddKeysResponse;
    const id = added.added[0]!.key.id;
    expect((await admin(`/keys/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await admin(`/keys/${id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it('creates a client token, shown once, which then works against the gateway, and revokes it', async () => {
    const { status, json, headers } = await admin('/tokens', { method: 'POST', body: { name: 'cherry' } });
    expect(status).toBe(201);
    expect(headers.get('cache-control')).toBe('no-store');
    const created = json as CreateTokenResponse;
    expect(created.secret).toMatch(/^gg-/);
    expect(created.token.policy).toEqual({ policy: {}, summary: 'no limits' });
    const list = await admin('/tokens');
    expect(JSON.stringify(list.json)).not.toContain(created.secret);
    const models = await fetch(`${h.url}/v1beta/models`, { headers: { 'x-goog-api-key': created.secret } });
    expect(models.status).toBe(200);
    expect((await admin(`/tokens/${created.token.id}`, { method: 'DELETE' })).json.revokedAt).toBeGreaterThan(
      0,
    );
    const after = await fetch(`${h.url}/v1beta/models`, { headers: { 'x-goog-api-key': created.secret } });
    expect(after.status).toBe(401);
  });

  it('reads and writes the settings catalogue with its rules', async () => {
    const settings = (await admin('/settings')).json as SettingsResponse;
    expect(settings.settings.find((setting) => setting.name === 'resume.maxAttempts')).toMatchObject({
      value: 5,
      kind: 'number',
      label: 'Attempts per answer',
      unit: 'attempts',
    });
    // Labelled for people, the unit out of the name: the dashboard shows 45 s, not 45000.
    expect(settings.settings.find((setting) => setting.name === 'resume.stallTimeoutMs')).toMatchObject({
      label: 'Silence before a stream counts as stalled',
      unit: 'ms',
    });
    expect(
      (await admin('/settings/resume.maxAttempts', { method: 'PUT', body: { value: 3 } })).json,
    ).toMatchObject({
      value: 3,
    });
    expect(settings.settings.find((setting) => setting.name === 'pool.strategy')).toMatchObject({
      kind: 'string',
      choices: ['round-robin', 'most-headroom', 'weighted'],
    });
    const strategy = await admin('/settings/pool.strategy', {
      method: 'PUT',
      body: { value: 'most-headroom' },
    });
    expect(strategy.json).toMatchObject({ value: 'most-headroom' });
    expect(
      (await admin('/settings/pool.strategy', { method: 'PUT', body: { value: 'random' } })).status,
    ).toBe(400);
    const refused = await admin('/settings/resume.maxAttempts', { method: 'PUT', body: { value: 99 } });
    expect(refused.status).toBe(400);
    expect((await admin('/settings/no.such', { method: 'PUT', body: { value: 1 } })).status).toBe(404);
    expect(
      (await admin('/settings/resume.enabled', { method: 'PUT', body: { value: false } })).json.value,
    ).toBe(false);
    expect(((await admin('/overview')).json as OverviewResponse).status.resumeEnabled).toBe(false);
    await admin('/settings/resume.enabled', { method: 'PUT', body: { value: true } });
  });

  it('creates a token with a policy in one step, which the gateway then enforces', async () => {
    const refused = await admin('/tokens', {
      method: 'POST',
      body: { name: 'bad', policy: { allowModels: ['no spaces allowed'] } },
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.message).toMatch(/Invalid client policy/);
    expect(((await admin('/tokens')).json as TokensResponse).tokens.map((token) => token.name)).not.toContain(
      'bad',
    );

    const { json } = await admin('/tokens', {
      method: 'POST',
      body: { name: 'phone', policy: { allowModels: ['gemini-2.5-flash'], rpm: 100 } },
    });
    const created = json as CreateTokenResponse;
    expect(created.token.policy).toMatchObject({ summary: 'models gemini-2.5-flash; 100 rpm' });
    expect(created.token.spend).toEqual({ todayUsd: 0, monthUsd: 0 });
    const ask = (model: string) =>
      fetch(`${h.url}/v1beta/models/${model}:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': created.secret, 'content-type': 'application/json' },
        body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
      });
    expect((await ask('gemini-2.5-pro')).status).toBe(403);
    expect((await ask('gemini-2.5-flash')).status).toBe(200);
    // Its spend, against which its limits are held, as the request log counts it.
    const spent = async () =>
      ((await admin('/tokens')).json as TokensResponse).tokens.find((token) => token.id === created.token.id)!
        .spend;
    await expect.poll(async () => (await spent()).todayUsd).toBeGreaterThan(0);
    expect((await spent()).monthUsd).toBeGreaterThanOrEqual((await spent()).todayUsd);

    const updated = await admin(`/tokens/${created.token.id}/policy`, { method: 'PUT', body: {} });
    expect(updated.json.policy).toEqual({ policy: {}, summary: 'no limits' });
    expect((await ask('gemini-2.5-pro')).status).toBe(200);
  });

  it('reports usage and cost by day, model, key and client, and the request log with filters', async () => {
    // The request log is written in batches, a moment after each request ends.
    const todayRequests = async () =>
      ((await admin('/overview')).json as OverviewResponse).today.totals.requests;
    await expect.poll(todayRequests).toBeGreaterThanOrEqual(3);
    const today = ((await admin('/overview')).json as OverviewResponse).today;
    expect(today.totals.requests).toBeGreaterThan(0);
    expect(today.totals.costUsd).toBeGreaterThan(0);

    for (const by of ['day', 'provider', 'model', 'key', 'client', 'client-model'] as const) {
      const usage = (await admin(`/usage?by=${by}`)).json as UsageResponse;
      expect(usage, by).toMatchObject({ by });
      expect(usage.rows.length, by).toBeGreaterThan(0);
      expect(usage.totals.requests, by).toBe(usage.rows.reduce((total, row) => total + row.requests, 0));
    }
    const byKey = (await admin('/usage?by=key')).json as UsageResponse;
    // Requests refused before any key was chosen have no key; the others show it masked.
    const withKey = byKey.rows.filter((row) => row.group !== '');
    expect(withKey.length).toBeGreaterThan(0);
    expect(withKey.every((row) => /^AIza…/.test(row.label))).toBe(true);
    expect((await admin('/usage?since=yesterday')).status).toBe(400);
    const byProvider = (await admin('/usage?by=provider')).json as UsageResponse;
    expect(byProvider.rows.map((row) => row.group)).toEqual(['gemini']);

    const log = (await admin('/requests?limit=50')).json as RequestLogResponse;
    expect(log.entries.length).toBeGreaterThan(0);
    const refusedEntry = log.entries.find((entry) => entry.status === 403)!;
    expect(refusedEntry).toMatchObject({ clientName: 'phone', model: 'gemini-2.5-pro', provider: 'gemini' });
    const errors = (await admin('/requests?status=error')).json as RequestLogResponse;
    expect(errors.entries.every((entry) => entry.error !== null)).toBe(true);
    const phone = (await admin('/requests?client=phone&model=gemini-2.5-flash')).json as RequestLogResponse;
    expect(phone.entries.length).toBeGreaterThan(0);
    expect(
      phone.entries.every((entry) => entry.clientName === 'phone' && entry.model === 'gemini-2.5-flash'),
    ).toBe(true);
  });

  it("lists prices, takes the user's own, and resets them to the shipped default", async () => {
    const prices = (await admin('/prices')).json as PricesResponse;
    const flash = prices.prices.find((price) => price.model === 'gemini-2.5-flash')!;
    expect(flash.source).toBe('default');
    const set = await admin('/prices/gemini-2.5-flash', {
      method: 'PUT',
      body: { ...flash, input: 9, source: undefined, updatedAt: undefined },
    });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ model: 'gemini-2.5-flash', input: 9, source: 'user' });
    expect(
      (await admin('/prices/gemini-2.5-flash', { method: 'PUT', body: { input: -1, output: 1 } })).status,
    ).toBe(400);
    expect((await admin('/prices/gemini-2.5-flash', { method: 'DELETE' })).status).toBe(204);
    expect((await admin('/prices/gemini-2.5-flash', { method: 'DELETE' })).status).toBe(404);
  });

  it('exports an encrypted backup and plans its import without changing anything on a dry run', async () => {
    expect((await admin('/backup/export', { method: 'POST', body: { passphrase: 'short' } })).status).toBe(
      400,
    );
    const response = await fetch(`${h.url}/admin/api/backup/export`, {
      method: 'POST',
      headers: { cookie, 'x-gemgate-admin': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ passphrase: 'a long passphrase' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="gemgate-backup-/);
    const file = await response.text();
    expect(JSON.parse(file)).toMatchObject({ format: 'gemgate-backup' });
    for (const secret of secretsSeen) expect(file).not.toContain(secret);

    const wrong = await admin('/backup/import', {
      method: 'POST',
      body: { passphrase: 'not the passphrase', data: file, mode: 'merge', dryRun: true },
    });
    expect(wrong.status).toBe(400);
    const plan = await admin('/backup/import', {
      method: 'POST',
      body: { passphrase: 'a long passphrase', data: file, mode: 'merge', dryRun: true },
    });
    expect(plan.status).toBe(200);
    expect((plan.json as BackupImportResponse).changes.filter((change) => change.action === 'add')).toEqual(
      [],
    );
    // The export above is the last one made from here.
    expect(((await admin('/backup')).json as BackupStatusResponse).lastExportAt).toBeGreaterThan(0);
    expect((await admin('/nope')).status).toBe(404);
  });

  it('pushes status, key changes, traffic and gateway events over Server-Sent Events', async () => {
    const controller = new AbortController();
    const stream = await fetch(`${h.url}/admin/api/events/stream`, {
      headers: { cookie },
      signal: controller.signal,
    });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 8000;
      while (!pattern.test(text)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} in ${text}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        text += value;
      }
    };
    await waitFor(/event: hello\ndata: \{"status":/);

    await admin('/keys/check', { method: 'POST' });
    await waitFor(/event: keys\ndata: \{"reason":"keys checked"\}/);

    // A key Gemini starts refusing mid-traffic: the pool disables it and fails over, and the
    // dashboard hears of both the event and the traffic at once.
    const victim = h.keys.alice![0]!;
    h.emulator.setKeyState(victim.key, 'invalid');
    const generate = await fetch(`${h.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }),
    });
    expect(generate.status).toBe(200);
    await waitFor(/event: event\ndata: \{"type":"key.disabled"/);
    expect(text).toContain(`"keyId":"${victim.id}"`);
    await waitFor(/event: status\ndata: .*"health":"degraded"/);
    await waitFor(/event: traffic\ndata: \{"requestsPerSecond":[0-9.]+,"requestsLastMinute":[1-9]/);
    const events = (await admin('/events')).json as EventsResponse;
    expect(events.events[0]).toMatchObject({ type: 'key.disabled', severity: 'error', keyId: victim.id });
    controller.abort();
  });
});

/** Signs in as the desktop app does: a one-time token from the Gateway API, POSTed for a cookie. */
async function signIn(h: Harness): Promise<string> {
  const response = await fetch(`${h.url}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-gemgate-admin': '1' },
    body: JSON.stringify({ token: h.gateway.createLoginToken() }),
  });
  expect(response.status).toBe(204);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
