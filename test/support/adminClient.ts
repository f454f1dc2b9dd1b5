import type { Harness } from './harness.js';

export interface AdminAnswer {
  status: number;
  headers: Headers;
  // The contract's types are asserted by each test where it reads a field.
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Signs in as the dashboard does (a one-time login token for the session cookie) and calls the admin API. */
export async function adminClient(
  h: Pick<Harness, 'url' | 'gateway'>,
): Promise<
  (
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ) => Promise<AdminAnswer>
> {
  const login = await fetch(`${h.url}/admin/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-gemgate-admin': '1' },
    body: JSON.stringify({ token: h.gateway.createLoginToken() }),
  });
  if (login.status !== 204) throw new Error(`sign-in failed: HTTP ${login.status}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  return async (path, init = {}) => {
    const response = await fetch(`${h.url}/admin/api${path}`, {
      method: init.method ?? 'GET',
      headers: {
        cookie,
        'x-gemgate-admin': '1',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
  };
}
