import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startServe, type ServeProcess } from './support/cli.js';
import { tempDataDir } from './support/dataDir.js';
import { rawRequest } from './support/http.js';

/**
 * What the gateway does before any upstream call: host check, client auth, body limits and
 * routing, each answered in the client's own dialect while the server keeps serving.
 */
describe('gateway edge: bad input gets a clear error in the client dialect', () => {
  const data = tempDataDir('edge');
  const env = { GEMGATE_DATA_DIR: data.dir, GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'edge' };
  let serve: ServeProcess;
  let token: string;

  beforeAll(async () => {
    token = (
      JSON.parse((await runCli(['tokens', 'create', 'edge', '--json'], { env })).stdout) as { token: string }
    ).token;
    // The JSON body limit is a setting (100 MB by default, as Gemini's own): 20 MB here, set the
    // way a user sets it, keeps the oversized body below cheap to send.
    expect((await runCli(['config', 'set', 'server.maxRequestMB', '20'], { env })).code).toBe(0);
    serve = await startServe([], env);
  });
  afterAll(async () => {
    await serve?.stop();
    data.cleanup();
  });

  const gemini = (path: string, init: RequestInit = {}) =>
    fetch(`${serve.url}${path}`, {
      ...init,
      headers: { 'x-goog-api-key': token, 'content-type': 'application/json', ...init.headers },
    });

  it('prints where it listens and a one-time dashboard link, on 127.0.0.1 by default', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(serve.loginUrl.startsWith(`${serve.url}/?token=`)).toBe(true);
  });

  it('answers /health without auth', async () => {
    const response = await fetch(`${serve.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('refuses a foreign Host header (DNS rebinding) but accepts localhost and IP literals', async () => {
    const port = new URL(serve.url).port;
    const foreign = await rawRequest(`${serve.url}/health`, { headers: { host: `evil.example:${port}` } });
    expect(foreign.status).toBe(403);
    expect((await rawRequest(`${serve.url}/health`, { headers: { host: `localhost:${port}` } })).status).toBe(
      200,
    );
    expect((await rawRequest(`${serve.url}/health`, { headers: { host: `127.0.0.1:${port}` } })).status).toBe(
      200,
    );
  });

  it('answers 401 in Gemini shape for a missing or wrong token', async () => {
    const missing = await fetch(`${serve.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      body: '{}',
    });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({
      error: {
        code: 401,
        status: 'UNAUTHENTICATED',
        message: expect.stringMatching(/Missing gemgate client token/),
      },
    });
    const wrong = await fetch(`${serve.url}/v1beta/models/gemini-2.5-flash:generateContent?key=gg-nope`, {
      method: 'POST',
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({
      error: { code: 401, message: expect.stringMatching(/Invalid gemgate client token/) },
    });
  });

  it('answers 401 in OpenAI shape on OpenAI paths', async () => {
    const response = await fetch(`${serve.url}/v1/chat/completions`, {
      method: 'POST',
      body: '{}',
      headers: { authorization: 'Bearer gg-wrong' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: {
        message: expect.stringMatching(/Invalid gemgate client token/),
        type: 'authentication_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
  });

  it('answers malformed JSON with 400, an oversized body with 413, an unknown route with 404', async () => {
    const malformed = await gemini('/v1beta/models/gemini-2.5-flash:generateContent', {
      method: 'POST',
      body: '{"contents": [',
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      error: {
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: expect.stringMatching(/Invalid JSON payload/),
      },
    });

    const huge = await gemini('/v1beta/models/gemini-2.5-flash:generateContent', {
      method: 'POST',
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'x'.repeat(21 * 1024 * 1024) }] }] }),
    });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({
      error: { code: 413, message: expect.stringMatching(/limit is 20 MB/) },
    });

    const unknown = await gemini('/v1beta/tunedModels/foo');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });

    const notObject = await gemini('/v1beta/models/gemini-2.5-flash:generateContent', {
      method: 'POST',
      body: '[1,2]',
    });
    expect(notObject.status).toBe(400);
  });

  it('tells the client plainly when there are no keys yet', async () => {
    const response = await gemini('/v1beta/models/gemini-2.5-flash:generateContent', {
      method: 'POST',
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringMatching(/no Gemini API keys yet.*gemgate keys add/) },
    });
  });

  it('accepts a LAN host name and answers CORS only for the origins the user listed, never with *', async () => {
    const port = new URL(serve.url).port;
    expect(
      (await rawRequest(`${serve.url}/health`, { headers: { host: `mybox.local:${port}` } })).status,
    ).toBe(403);
    await runCli(['config', 'set', 'server.allowedHosts', 'mybox.local'], { env });
    await runCli(['config', 'set', 'server.corsOrigins', 'https://web.chatboxai.app'], { env });
    await expect
      .poll(
        async () =>
          (await rawRequest(`${serve.url}/health`, { headers: { host: `mybox.local:${port}` } })).status,
        { timeout: 3000 },
      )
      .toBe(200);

    const preflight = (origin: string) =>
      rawRequest(`${serve.url}/v1/chat/completions`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization, content-type',
        },
      });
    await expect
      .poll(async () => (await preflight('https://web.chatboxai.app')).status, { timeout: 3000 })
      .toBe(204);
    const allowed = await preflight('https://web.chatboxai.app');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://web.chatboxai.app');
    expect(allowed.headers['access-control-allow-headers']).toMatch(/authorization/);
    const other = await preflight('https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const unauthorized = await rawRequest(`${serve.url}/v1/models`, {
      headers: { origin: 'https://web.chatboxai.app' },
    });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers['access-control-allow-origin']).toBe('https://web.chatboxai.app');
    for (const response of [allowed, other, unauthorized])
      expect(response.headers['access-control-allow-origin']).not.toBe('*');
    // What a page must be able to read of an answer: which model answered, which tools were left out,
    // when to come back.
    const exposed = unauthorized.headers['access-control-expose-headers'] ?? '';
    for (const header of ['x-gemgate-model', 'x-gemgate-tools-dropped', 'retry-after'])
      expect(String(exposed).split(', ')).toContain(header);

    const bad = await runCli(['config', 'set', 'server.corsOrigins', '*'], { env });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/no \*/);
  });

  it('is still serving after all of that', async () => {
    expect((await fetch(`${serve.url}/health`)).status).toBe(200);
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await serve.stop('SIGTERM')).toBe(0);
  });
});
