import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { rawRequest, type RawResponse } from '../support/http.js';

/**
 * The gateway's perimeter: who may talk to it at all. DNS rebinding (a foreign Host), requests
 * without or with a wrong client token, the admin API against client tokens, and CORS.
 */
const ALLOWED_ORIGIN = 'https://web.chatbox.example';

let h: Harness;
let port: string;
beforeAll(async () => {
  h = await startHarness({ settings: { 'server.corsOrigins': ALLOWED_ORIGIN } });
  port = new URL(h.url).port;
});
afterAll(async () => {
  await h?.close();
});

const CHAT = JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] });
const NATIVE = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
const RESPONSES = JSON.stringify({ model: 'gemini-2.5-flash', input: 'hi' });

/** Every API route a client may call, with a body where it takes one. */
const MESSAGES = JSON.stringify({
  model: 'gemini-2.5-flash',
  max_tokens: 10,
  messages: [{ role: 'user', content: 'hi' }],
});

const API_ROUTES: Array<{
  method: string;
  path: string;
  body?: string;
  dialect: 'openai' | 'gemini' | 'anthropic';
}> = [
  { method: 'POST', path: '/v1/chat/completions', body: CHAT, dialect: 'openai' },
  { method: 'POST', path: '/chat/completions', body: CHAT, dialect: 'openai' },
  { method: 'POST', path: '/v1beta/openai/chat/completions', body: CHAT, dialect: 'openai' },
  {
    method: 'POST',
    path: '/v1/embeddings',
    body: JSON.stringify({ model: 'text-embedding-004', input: 'x' }),
    dialect: 'openai',
  },
  { method: 'POST', path: '/v1/responses', body: RESPONSES, dialect: 'openai' },
  { method: 'POST', path: '/responses', body: RESPONSES, dialect: 'openai' },
  { method: 'POST', path: '/v1beta/openai/responses', body: RESPONSES, dialect: 'openai' },
  { method: 'GET', path: '/v1/responses/resp_x', dialect: 'openai' },
  { method: 'DELETE', path: '/v1/responses/resp_x', dialect: 'openai' },
  { method: 'POST', path: '/v1/messages', body: MESSAGES, dialect: 'anthropic' },
  { method: 'POST', path: '/v1/messages?beta=true', body: MESSAGES, dialect: 'anthropic' },
  { method: 'POST', path: '/v1/messages/count_tokens', body: MESSAGES, dialect: 'anthropic' },
  { method: 'GET', path: '/v1/models', dialect: 'openai' },
  { method: 'GET', path: '/models', dialect: 'openai' },
  { method: 'GET', path: '/v1/models/gemini-2.5-flash', dialect: 'openai' },
  { method: 'GET', path: '/v1beta/models', dialect: 'gemini' },
  { method: 'GET', path: '/v1beta/models/gemini-2.5-flash', dialect: 'gemini' },
  {
    method: 'POST',
    path: '/v1beta/models/gemini-2.5-flash:generateContent',
    body: NATIVE,
    dialect: 'gemini',
  },
  {
    method: 'POST',
    path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    body: NATIVE,
    dialect: 'gemini',
  },
  { method: 'POST', path: '/v1/models/gemini-2.5-flash:generateContent', body: NATIVE, dialect: 'gemini' },
  { method: 'POST', path: '/v1beta/models/gemini-2.5-flash:countTokens', body: NATIVE, dialect: 'gemini' },
  {
    method: 'POST',
    path: '/v1beta/models/text-embedding-004:embedContent',
    body: JSON.stringify({ content: { parts: [{ text: 'x' }] } }),
    dialect: 'gemini',
  },
  // The Files API and cachedContents, uploads included: the same token, or nothing.
  { method: 'POST', path: '/upload/v1beta/files', body: '{}', dialect: 'gemini' },
  {
    method: 'POST',
    path: '/upload/v1/files?upload_id=x&upload_protocol=resumable',
    body: 'x',
    dialect: 'gemini',
  },
  { method: 'GET', path: '/v1beta/files', dialect: 'gemini' },
  { method: 'GET', path: '/v1beta/files/abc', dialect: 'gemini' },
  { method: 'DELETE', path: '/v1beta/files/abc', dialect: 'gemini' },
  { method: 'GET', path: '/v1beta/files/abc:download?alt=media', dialect: 'gemini' },
  { method: 'GET', path: '/v1beta/cachedContents', dialect: 'gemini' },
  { method: 'POST', path: '/v1beta/cachedContents', body: '{}', dialect: 'gemini' },
  { method: 'PATCH', path: '/v1beta/cachedContents/abc', body: '{}', dialect: 'gemini' },
];

/** Every admin API route (method, path); the signed-out probe, login and logout are public by design. */
const ADMIN_ROUTES: Array<[string, string]> = [
  ['GET', '/overview'],
  ['GET', '/accounts'],
  ['PATCH', '/accounts/acc_x'],
  ['POST', '/keys'],
  ['PATCH', '/keys/key_x'],
  ['POST', '/keys/check'],
  ['POST', '/keys/key_x/check'],
  ['DELETE', '/keys/key_x'],
  ['GET', '/tokens'],
  ['POST', '/tokens'],
  ['PUT', '/tokens/tok_x/policy'],
  ['DELETE', '/tokens/tok_x'],
  ['GET', '/settings'],
  ['PUT', '/settings/resume.enabled'],
  ['GET', '/events'],
  ['GET', '/events/stream'],
  ['GET', '/usage'],
  ['GET', '/requests'],
  ['GET', '/prices'],
  ['PUT', '/prices/gemini-2.5-flash'],
  ['DELETE', '/prices/gemini-2.5-flash'],
  ['GET', '/backup'],
  ['POST', '/backup/export'],
  ['POST', '/backup/import'],
];

function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  return rawRequest(`${h.url}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body } : {}),
  });
}

const bearer = () => ({ authorization: `Bearer ${h.token}` });

describe('DNS rebinding: a foreign Host header is refused before anything else', () => {
  const foreign = [
    'evil.example',
    'evil.example:PORT',
    'localhost.evil.example',
    '127.0.0.1.nip.io',
    'gemgate',
  ];

  it.each(foreign.map((host) => [host]))(
    'Host: %s gets 403 on every kind of route, even with a valid token',
    async (host) => {
      for (const route of [
        ...API_ROUTES.slice(0, 4),
        { method: 'GET', path: '/health' },
        { method: 'GET', path: '/' },
      ]) {
        const response = await send(
          route.method,
          route.path,
          { host: host.replace('PORT', port), ...bearer() },
          'body' in route ? route.body : undefined,
        );
        expect(response.status, `${host} ${route.path}`).toBe(403);
        expect(response.body).toMatch(/Host not allowed/);
      }
      const admin = await send('GET', '/admin/api/session', { host: host.replace('PORT', port) });
      expect(admin.status).toBe(403);
    },
  );

  it('accepts IP literals and localhost, the ways local clients address it', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `LOCALHOST:${port}`,
      `[::1]:${port}`,
      `app.localhost:${port}`,
    ]) {
      expect((await send('GET', '/health', { host })).status, host).toBe(200);
    }
  });
});

describe('client tokens', () => {
  it('no token: 401 in the dialect of each route', async () => {
    for (const route of API_ROUTES) {
      const response = await send(route.method, route.path, {}, route.body);
      expect(response.status, route.path).toBe(401);
      const body = JSON.parse(response.body) as {
        error: { message: string; code: unknown; status?: string; type?: string };
      };
      // OpenAI's and Anthropic's shapes both say `error.type`.
      if (route.dialect !== 'gemini') expect(body.error.type, route.path).toBe('authentication_error');
      else expect(body.error.status, route.path).toBe('UNAUTHENTICATED');
    }
  });

  it('a wrong token in any of the four places: 401, and the answer does not echo it', async () => {
    const wrong = `gg-${'x'.repeat(32)}`;
    const places: Array<{ headers: Record<string, string>; query?: string }> = [
      { headers: { authorization: `Bearer ${wrong}` } },
      { headers: { 'x-api-key': wrong } },
      { headers: { 'x-goog-api-key': wrong } },
      { headers: {}, query: `key=${wrong}` },
    ];
    for (const route of API_ROUTES) {
      for (const place of places) {
        const path = place.query
          ? `${route.path}${route.path.includes('?') ? '&' : '?'}${place.query}`
          : route.path;
        const response = await send(route.method, path, place.headers, route.body);
        expect(response.status, `${path} ${JSON.stringify(place.headers)}`).toBe(401);
        expect(response.body).not.toContain(wrong);
      }
    }
  });

  it('a revoked token is refused on the next request', async () => {
    const { id, token } = h.gateway.createClientToken('soon revoked');
    const route = API_ROUTES[0]!;
    expect(
      (await send(route.method, route.path, { authorization: `Bearer ${token}` }, route.body)).status,
    ).toBe(200);
    const { openStore } = await import('../../proxy/store/openStore.js');
    const cli = openStore(h.dataDir);
    cli.tokens.revoke(id);
    cli.close();
    expect(
      (await send(route.method, route.path, { authorization: `Bearer ${token}` }, route.body)).status,
    ).toBe(401);
  });
});

describe('the admin API is closed to client tokens', () => {
  it('every admin route answers 401 to a client token, however presented, and changes nothing', async () => {
    const tokensBefore = JSON.stringify(h.gateway.status());
    const styles: Array<{ headers: Record<string, string>; query?: string }> = [
      { headers: { authorization: `Bearer ${h.token}` } },
      { headers: { 'x-api-key': h.token } },
      { headers: { 'x-goog-api-key': h.token } },
      { headers: {}, query: `key=${h.token}` },
      { headers: { cookie: `gemgate_session_${port}=${h.token}` } },
    ];
    for (const [method, path] of ADMIN_ROUTES) {
      for (const style of styles) {
        const url = `/admin/api${path}${style.query ? `?${style.query}` : ''}`;
        const body =
          method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ name: 'sneaky', keys: [] });
        const response = await send(method, url, { 'x-gemgate-admin': '1', ...style.headers }, body);
        expect([401, 403], `${method} ${url}: ${response.status}`).toContain(response.status);
      }
    }
    expect(JSON.stringify(h.gateway.status())).toBe(tokensBefore);
  });

  it('a client token does not redeem as a dashboard sign-in', async () => {
    const login = await send(
      'POST',
      '/admin/api/login',
      { 'x-gemgate-admin': '1' },
      JSON.stringify({ token: h.token }),
    );
    expect(login.status).toBe(401);
    expect(login.headers['set-cookie']).toBeUndefined();
    const link = await send('GET', `/?token=${encodeURIComponent(h.token)}`);
    expect(link.headers['set-cookie']).toBeUndefined();
  });
});

describe('CORS', () => {
  const everywhere = [
    ...API_ROUTES,
    { method: 'GET', path: '/health', body: undefined },
    { method: 'GET', path: '/', body: undefined },
    { method: 'GET', path: '/no/such/route', body: undefined },
    { method: 'GET', path: '/admin/api/session', body: undefined },
    { method: 'GET', path: '/admin/api/overview', body: undefined },
  ];

  it('never answers Access-Control-Allow-Origin: *, on answers, errors and preflights, from any origin', async () => {
    for (const origin of ['https://evil.example', ALLOWED_ORIGIN, 'null']) {
      for (const route of everywhere) {
        for (const auth of [bearer(), {}]) {
          const answer = await send(route.method, route.path, { origin, ...auth }, route.body);
          const allowed = answer.headers['access-control-allow-origin'];
          expect(allowed, `${origin} ${route.method} ${route.path}`).not.toBe('*');
          if (origin !== ALLOWED_ORIGIN) expect(allowed, `${origin} ${route.path}`).toBeUndefined();
        }
        const preflight = await send('OPTIONS', route.path, {
          origin,
          'access-control-request-method': route.method,
          'access-control-request-headers': 'authorization, content-type',
        });
        const allowed = preflight.headers['access-control-allow-origin'];
        expect(allowed, `preflight ${origin} ${route.path}`).not.toBe('*');
        if (origin !== ALLOWED_ORIGIN || route.path.startsWith('/admin/')) {
          expect(allowed, `preflight ${origin} ${route.path}`).toBeUndefined();
        }
        expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
      }
    }
  });

  it('lets a listed origin run an upload: its x-goog-upload-* headers allowed, the answer ones readable', async () => {
    const preflight = await send('OPTIONS', '/upload/v1beta/files', {
      origin: ALLOWED_ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers':
        'x-goog-api-key, x-goog-upload-protocol, x-goog-upload-command, x-goog-upload-offset, x-goog-upload-header-content-length, x-goog-upload-header-content-type',
    });
    expect(preflight.status).toBe(204);
    for (const header of ['x-goog-upload-protocol', 'x-goog-upload-command', 'x-goog-upload-offset']) {
      expect(preflight.headers['access-control-allow-headers']).toContain(header);
    }
    expect(preflight.headers['access-control-allow-methods']).toMatch(/DELETE/);
    const start = await send(
      'POST',
      '/upload/v1beta/files',
      {
        origin: ALLOWED_ORIGIN,
        ...bearer(),
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': '3',
      },
      '{}',
    );
    expect(start.status).toBe(200);
    expect(start.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    for (const header of ['x-goog-upload-url', 'x-goog-upload-status']) {
      expect(start.headers['access-control-expose-headers']).toContain(header);
    }
  });

  it('echoes exactly the one origin the user allowed, with Vary: Origin', async () => {
    const answer = await send('GET', '/v1/models', { origin: ALLOWED_ORIGIN, ...bearer() });
    expect(answer.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(answer.headers.vary)).toMatch(/Origin/i);
  });
});
