import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator } from './index.js';
import { ask, call, errorOf } from './testing.js';
import type { Emulator } from './types.js';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

describe('API keys', () => {
  it('keys look like Google’s and are fresh each time', () => {
    const a = emu.newKey();
    expect(a).toMatch(/^AIza[0-9A-Za-z_-]{35}$/);
    expect(emu.newKey()).not.toBe(a);
  });

  it('accepts the key in the header or in ?key=, and records it', async () => {
    const key = emu.newKey();
    expect((await call(emu, ask('hi'), { key })).status).toBe(200);
    expect((await call(emu, ask('hi'), { key, keyInQuery: true, version: 'v1' })).status).toBe(200);
    expect(emu.requests.map((r) => [r.apiKey, r.apiVersion, r.model, r.action])).toEqual([
      [key, 'v1beta', 'gemini-2.5-flash', 'generateContent'],
      [key, 'v1', 'gemini-2.5-flash', 'generateContent'],
    ]);
    expect(emu.requests[0]?.body).toEqual(ask('hi'));
  });

  it('no key: 403 for unregistered callers', async () => {
    const res = await call(emu, ask('hi'));
    expect(res.status).toBe(403);
    expect(await errorOf(res)).toEqual({
      code: 403,
      message:
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
      status: 'PERMISSION_DENIED',
    });
  });

  it('malformed or invalid key: 400 API_KEY_INVALID with a LocalizedMessage', async () => {
    const invalid = emu.newKey();
    emu.setKeyState(invalid, 'invalid');
    for (const key of ['not-a-key', invalid]) {
      const res = await call(emu, ask('hi'), { key });
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.status).toBe('INVALID_ARGUMENT');
      expect(error.message).toBe('API key not valid. Please pass a valid API key.');
      expect(error.details?.[0]).toEqual({
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      });
      expect(error.details?.[1]?.['@type']).toBe('type.googleapis.com/google.rpc.LocalizedMessage');
    }
  });

  it('suspended, leaked and service-disabled keys: 403 PERMISSION_DENIED with their reasons', async () => {
    const key = emu.newKey();
    emu.setProject(key, '123456789012');

    emu.setKeyState(key, 'suspended');
    let error = await errorOf(await call(emu, ask('hi'), { key }));
    expect(error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    expect(error.message).toBe(`Permission denied: Consumer 'api_key:${key}' has been suspended.`);
    expect(error.details?.[0]).toMatchObject({
      reason: 'CONSUMER_SUSPENDED',
      metadata: { consumer: 'projects/123456789012' },
    });

    emu.setKeyState(key, 'leaked');
    error = await errorOf(await call(emu, ask('hi'), { key }));
    expect(error).toEqual({
      code: 403,
      message: 'Your API key was reported as leaked. Please use another API key.',
      status: 'PERMISSION_DENIED',
    });

    emu.setKeyState(key, 'service-disabled');
    error = await errorOf(await call(emu, ask('hi'), { key }));
    expect(error.message).toMatch(
      /^Generative Language API has not been used in project 123456789012 before/,
    );
    expect(error.details?.[0]).toMatchObject({ reason: 'SERVICE_DISABLED', domain: 'googleapis.com' });

    emu.setKeyState(key, 'valid');
    expect((await call(emu, ask('hi'), { key })).status).toBe(200);
  });

  it('wraps errors in a JSON array on a stream without alt=sse, as Gemini does', async () => {
    const res = await call(emu, ask('hi'), { action: 'streamGenerateContent' });
    expect(res.status).toBe(403);
    const body = (await res.json()) as unknown[];
    expect(Array.isArray(body)).toBe(true);
  });
});
