import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/harness.js';
import { connect, sleep, statusOf, type Conversation } from '../../support/rawHttp.js';

/**
 * Request bodies a hostile client token sends (issue 23, items 5 and 6): millions of tiny JSON
 * values, which cost the parser far more than their bytes say, and chunked bodies, which must wait
 * for the body budget as bodies of a declared length do.
 */
const MB = 1024 * 1024;

describe('millions of tiny JSON values', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await startHarness();
    port = Number(new URL(h.url).port);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A chat completion whose messages are `[{},{},…]`, about `mb` megabytes of it. */
  const tinyValues = (mb: number) =>
    Buffer.from(`{"model":"gemini-2.5-flash","messages":[${'{},'.repeat(Math.floor((mb * MB) / 3) - 1)}{}]}`);
  const head = (length: number) =>
    `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Bearer ${h.token}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;

  it('a body of them is refused (413) while it is still arriving, before anything is parsed', async () => {
    const body = tinyValues(18);
    const conversation = await connect(port);
    try {
      conversation.socket.write(head(body.length));
      conversation.socket.write(body.subarray(0, 4 * MB));
      expect(await conversation.answered(5000)).toBe(413);
      expect(conversation.received()).toMatch(/more than \d+ JSON values/);
    } finally {
      conversation.socket.destroy();
    }
  });

  it('/health answers within a second right after two 18 MB bodies of them have arrived', async () => {
    const body = tinyValues(18);
    const conversations = await Promise.all([connect(port), connect(port)]);
    try {
      await Promise.all(
        conversations.map(
          (conversation) =>
            new Promise<void>((done) =>
              conversation.socket.write(Buffer.concat([Buffer.from(head(body.length)), body]), () => done()),
            ),
        ),
      );
      // A liveness bound, not a speed target: before the values were bounded, /health waited half a minute.
      const asked = performance.now();
      const health = await fetch(`${h.url}/health`, { signal: AbortSignal.timeout(10_000) });
      expect(health.status).toBe(200);
      expect(performance.now() - asked).toBeLessThan(1000);
      for (const conversation of conversations) expect(await conversation.answered(10_000)).toBe(413);
    } finally {
      for (const conversation of conversations) conversation.socket.destroy();
    }
  });
});

describe('chunked bodies and the body budget', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    // An 8 MB budget (the request limit raises it to at least that): one 6 MB body at a time.
    h = await startHarness({ settings: { 'server.maxRequestMB': 8, 'server.bodyBudgetMB': 8 } });
    port = Number(new URL(h.url).port);
  });
  afterAll(async () => {
    await h?.close();
  });

  /** A chat completion padded to about `mb` megabytes with a field gemgate ignores. */
  const padded = (mb: number) =>
    Buffer.from(
      JSON.stringify({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'hi' }],
        padding: 'x'.repeat(mb * MB),
      }),
    );

  /** Sends `body` chunked; the closing zero-size chunk only when `finish` is called. */
  async function sendChunked(body: Buffer): Promise<{ conversation: Conversation; finish(): void }> {
    const conversation = await connect(port);
    conversation.socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Bearer ${h.token}\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n`,
    );
    for (let at = 0; at < body.length; at += 256 * 1024) {
      const piece = body.subarray(at, at + 256 * 1024);
      conversation.socket.write(`${piece.length.toString(16)}\r\n`);
      conversation.socket.write(piece);
      conversation.socket.write('\r\n');
    }
    return { conversation, finish: () => conversation.socket.write('0\r\n\r\n') };
  }

  it('a second chunked body waits, unread, while the first holds the budget, then is served', async () => {
    const first = await sendChunked(padded(6));
    await sleep(300);
    const second = await sendChunked(padded(6));
    second.finish();
    try {
      // The first still holds 6 MB and is not finished: the second cannot be read to its end.
      await sleep(1500);
      expect(statusOf(second.conversation.received())).toBe(0);
      first.finish();
      expect(await first.conversation.answered(10_000)).toBe(200);
      expect(await second.conversation.answered(10_000)).toBe(200);
    } finally {
      first.conversation.socket.destroy();
      second.conversation.socket.destroy();
    }
  });
});
