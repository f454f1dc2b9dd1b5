import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { runCli } from './support/cli.js';
import { adminClient } from './support/adminClient.js';

/**
 * The gateway keeps client tokens and their policies in memory between requests, yet a change
 * applies to the very next request, wherever it is made: the CLI in another process, or the
 * dashboard. Each test first sends requests with the token, so that what the gateway keeps is warm,
 * then changes it and sends one more.
 */
describe('token and policy changes apply to the next request', () => {
  let h: Harness;
  let admin: Awaited<ReturnType<typeof adminClient>>;
  beforeAll(async () => {
    h = await startHarness({ accounts: { alice: { keys: 1 } } });
    admin = await adminClient(h);
  });
  afterAll(() => h.close());

  const cli = async (...args: string[]) => {
    const result = await runCli(['--data-dir', h.dataDir, ...args]);
    expect(result.code, result.stderr).toBe(0);
    return result.stdout;
  };
  const newToken = async (name: string) =>
    JSON.parse(await cli('tokens', 'create', name, '--json')) as { id: string; token: string };

  /** A whole chat completion, as the OpenAI SDK sends it. */
  const chat = (token: string, model = 'gemini-2.5-flash') =>
    fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
    });

  const warm = async (token: string) => {
    for (let i = 0; i < 3; i++) expect((await chat(token)).status).toBe(200);
  };

  it('a token revoked with the CLI, in another process, is refused on the next request', async () => {
    const { id, token } = await newToken('revoked-in-a-terminal');
    await warm(token);
    await cli('tokens', 'revoke', id);
    const refused = await chat(token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('a token revoked on the dashboard is refused on the next request', async () => {
    const { id, token } = await newToken('revoked-on-the-dashboard');
    await warm(token);
    expect((await admin(`/tokens/${id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await chat(token)).status).toBe(401);
  });

  it('a policy changed on the dashboard applies to the next request, and so does its removal', async () => {
    const { id, token } = await newToken('limited-on-the-dashboard');
    await warm(token);
    const limited = await admin(`/tokens/${id}/policy`, {
      method: 'PUT',
      body: { allowModels: ['gemini-2.5-pro'] },
    });
    expect(limited.status).toBe(200);
    const refused = await chat(token);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/may not use model gemini-2\.5-flash/);
    expect((await admin(`/tokens/${id}/policy`, { method: 'PUT', body: {} })).status).toBe(200);
    expect((await chat(token)).status).toBe(200);
  });

  it('a policy changed with the CLI, in another process, applies to the next request', async () => {
    const { id, token } = await newToken('limited-in-a-terminal');
    await warm(token);
    await cli('tokens', 'policy', id, '--allow-models', 'gemini-2.5-pro');
    expect((await chat(token)).status).toBe(403);
    expect((await chat(token, 'gemini-2.5-pro')).status).toBe(200);
  });
});
