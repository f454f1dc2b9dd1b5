import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/harness.js';
import { connect } from '../../support/rawHttp.js';

/**
 * Anyone who can reach the port (the LAN, on a LAN bind) and speaks to the admin API without
 * signing in (issue 23, item 4): the gateway answers before reading a byte of the body, so no
 * unsigned request makes it hold megabytes; the sign-in itself reads a couple of kilobytes at most.
 */
let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startHarness();
  port = Number(new URL(h.url).port);
});
afterAll(async () => {
  await h?.close();
});

const MB = 1024 * 1024;

/** Sends only the head of a POST that declares `length` bytes of JSON body, and waits for an answer. */
async function headOnly(path: string, length: number): Promise<number> {
  const conversation = await connect(port);
  try {
    conversation.socket.write(
      `POST ${path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\nx-gemgate-admin: 1\r\ncontent-length: ${length}\r\n\r\n{`,
    );
    return await conversation.answered(3000);
  } finally {
    conversation.socket.destroy();
  }
}

describe('the admin API reads no body before the sign-in', () => {
  it.each(['/admin/api/keys', '/admin/api/tokens', '/admin/api/backup/import', '/admin/api/no-such-route'])(
    'an unsigned POST %s declaring 25 MB is answered 401 before its body is sent',
    async (path) => {
      expect(await headOnly(path, 25 * MB)).toBe(401);
    },
  );

  it('the sign-in refuses a body over a couple of kilobytes before reading it', async () => {
    expect(await headOnly('/admin/api/login', 1 * MB)).toBe(413);
  });
});
