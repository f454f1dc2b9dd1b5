import { expect } from 'vitest';
import type { Harness } from './harness.js';

/** Signs in as the desktop app does: a one-time token from the Gateway API, POSTed for a cookie. */
export async function signIn(h: Harness): Promise<string> {
  const response = await fetch(`${h.url}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-gemgate-admin': '1' },
    body: JSON.stringify({ token: h.gateway.createLoginToken() }),
  });
  expect(response.status).toBe(204);
  return response.headers.get('set-cookie')!.split(';')[0]!;
}
