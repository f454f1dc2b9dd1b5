import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/harness.js';
import { rawRequest } from '../../support/http.js';

/**
 * A hostile client (issue 23, item 9) sends ids and page tokens no SDK would: a broken percent
 * escape, a page token that decodes to an offset past any integer SQLite takes. Each is the
 * client's mistake and gets a 4xx in its dialect; none may become a 500.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const token = (text: string) => Buffer.from(text).toString('base64url');

describe('malformed ids and page tokens are the client’s error', () => {
  const cases: Array<[string, string, string?]> = [
    ['GET', '/v1beta/files/%E0%A4%A'],
    ['DELETE', '/v1beta/files/%E0%A4%A'],
    ['GET', '/v1beta/files/%E0%A4%A:download?alt=media'],
    ['GET', '/v1beta/cachedContents/%E0%A4%A'],
    ['PATCH', '/v1beta/cachedContents/%E0%A4%A', '{}'],
    ['GET', `/v1beta/files?pageToken=${token(`offset:${'9'.repeat(30)}`)}`],
    ['GET', `/v1beta/files?pageToken=${token('offset:18446744073709551616')}`],
    ['GET', `/v1beta/cachedContents?pageToken=${token(`offset:${'9'.repeat(30)}`)}`],
  ];

  it.each(cases)('%s %s: a 4xx in the dialect, never a 500', async (method, path, body) => {
    const answer = await rawRequest(`${h.url}${path}`, {
      method,
      headers: { 'x-goog-api-key': h.token, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
    expect(answer.status, answer.body).toBeGreaterThanOrEqual(400);
    expect(answer.status, answer.body).toBeLessThan(500);
    const error = (JSON.parse(answer.body) as { error: { message: string } }).error;
    expect(error.message).not.toMatch(/unexpected error/i);
  });

  it('an admin delete of a file with a broken escape is a 400 too', async () => {
    const login = h.gateway.createLoginToken();
    const signIn = await rawRequest(`${h.url}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gemgate-admin': '1' },
      body: JSON.stringify({ token: login }),
    });
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    const answer = await rawRequest(`${h.url}/admin/api/files/files%2F%E0%A4%A`, {
      method: 'DELETE',
      headers: { cookie, 'x-gemgate-admin': '1' },
    });
    expect(answer.status).toBe(400);
  });
});
