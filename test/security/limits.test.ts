import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { MAX_BODY_BYTES } from '../../proxy/http/createApp.js';
import { SERVER_TIMEOUTS } from '../../proxy/app/startGateway.js';
import { connect as connectTo, sleep, statusOf, type Conversation } from '../support/rawHttp.js';

/**
 * Size limits and timeouts, spoken to over raw TCP so that the test controls every byte and pause:
 * a body over the JSON limit (413; the limit set to 2 MB, its default being 100 MB), headers over
 * Node's 16 KB (431), a slow-loris client trickling headers,
 * a client that stops sending its body, and an idle keep-alive connection. The gateway runs with short
 * timeouts (the same code path, StartGatewayExtras.serverTimeouts) so no test waits minutes.
 */
const TIMEOUTS = {
  headersMs: 1000,
  bodyIdleMs: 2000,
  keepAliveMs: 400,
  checkIntervalMs: 100,
  maxConnections: 512,
  maxConnectionsPerAddress: 128,
};

let h: Harness;
let port: number;

const LIMIT_MB = 2;

/** A gateway for the tests in this block: default timeouts, or the short ones. */
function gatewayFor(serverTimeouts?: typeof TIMEOUTS): void {
  beforeAll(async () => {
    h = await startHarness({
      settings: { 'server.maxRequestMB': LIMIT_MB },
      ...(serverTimeouts ? { serverTimeouts } : {}),
    });
    port = Number(new URL(h.url).port);
  });
  afterAll(async () => {
    await h?.close();
  });
}

const connect = () => connectTo(port);

/** Sends a request head and `bodyBytes` of body (chunked or not), then waits for the server's answer. */
async function sendAndRead(
  conversation: Conversation,
  head: string,
  bodyBytes: number,
  chunked: boolean,
): Promise<string> {
  const { socket } = conversation;
  socket.write(head);
  if (chunked) socket.write(`${bodyBytes.toString(16)}\r\n`);
  const piece = Buffer.alloc(1024 * 1024, ' ');
  // The server may answer (and close) before it has read it all: writes after that just fail.
  for (let sent = 0; sent < bodyBytes && !socket.destroyed; sent += piece.length) socket.write(piece);
  if (chunked && !socket.destroyed) socket.write('\r\n0\r\n\r\n');
  for (let i = 0; i < 200 && !/\r\n\r\n/.test(conversation.received()); i++) await sleep(25);
  return conversation.received();
}

describe('size limits', () => {
  gatewayFor();

  it('takes JSON bodies up to 100 MB unless told otherwise, as Gemini does', () => {
    expect(MAX_BODY_BYTES).toBe(100 * 1024 * 1024);
  });

  it('a body over the limit is a 413 in the dialect of the route, declared length or chunked', async () => {
    const over = (LIMIT_MB + 1) * 1024 * 1024;
    const routes = [
      { path: '/v1/chat/completions', auth: `authorization: Bearer ${h.token}`, dialect: 'openai' },
      {
        path: '/v1beta/models/gemini-2.5-flash:generateContent',
        auth: `x-goog-api-key: ${h.token}`,
        dialect: 'gemini',
      },
    ];
    for (const route of routes) {
      for (const framing of [`content-length: ${over}`, 'transfer-encoding: chunked']) {
        const conversation = await connect();
        const head = `POST ${route.path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\n${route.auth}\r\n${framing}\r\n\r\n`;
        const answer = await sendAndRead(conversation, head, over, framing.startsWith('transfer'));
        expect(statusOf(answer), `${route.path} ${framing}`).toBe(413);
        const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
        if (route.dialect === 'openai') expect(body).toMatch(/"type":"invalid_request_error"/);
        else expect(body).toMatch(/"code":413/);
        expect(body).toContain(`the limit is ${LIMIT_MB} MB`);
        conversation.socket.destroy();
      }
    }
  });

  it("an upload's bytes are not JSON and not held by the limit: a file over it uploads", async () => {
    const { GoogleGenAI } = await import('@google/genai');
    const ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
    const size = (LIMIT_MB + 3) * 1024 * 1024;
    const file = await ai.files.upload({
      file: new Blob([new Uint8Array(size)], { type: 'application/pdf' }),
    });
    expect(file.sizeBytes).toBe(String(size));
  });

  it('headers over 16 KB are a 431 and the connection is closed', async () => {
    const conversation = await connect();
    conversation.socket.write(
      `GET /health HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    await conversation.closed;
    expect(statusOf(conversation.received())).toBe(431);
  });
});

describe('slow and idle clients', () => {
  gatewayFor(TIMEOUTS);

  it('defaults: headers within 20 s, a body silent 1 min at most, idle keep-alive 5 s, checked every second, 512 connections (128 from one address)', () => {
    expect(SERVER_TIMEOUTS).toEqual({
      headersMs: 20_000,
      bodyIdleMs: 60_000,
      keepAliveMs: 5_000,
      checkIntervalMs: 1_000,
      maxConnections: 512,
      maxConnectionsPerAddress: 128,
    });
  });

  it('a slow-loris client trickling headers is cut off once the headers timeout passes', async () => {
    const conversation = await connect();
    conversation.socket.write(`GET /health HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n`);
    const trickle = setInterval(() => {
      if (!conversation.socket.destroyed) conversation.socket.write('x-more: 1\r\n');
    }, 100);
    try {
      const after = await conversation.closed;
      expect(after).toBeGreaterThanOrEqual(TIMEOUTS.headersMs - 100);
      expect(after).toBeLessThan(TIMEOUTS.headersMs + 1500);
      const status = statusOf(conversation.received());
      expect([0, 408]).toContain(status);
    } finally {
      clearInterval(trickle);
    }
  });

  it('a client that stops sending its body halfway is cut off once the body has been silent too long', async () => {
    const conversation = await connect();
    conversation.socket.write(
      `POST /v1/chat/completions HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nauthorization: Bearer ${h.token}\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n{`,
    );
    const after = await conversation.closed;
    expect(after).toBeGreaterThanOrEqual(TIMEOUTS.bodyIdleMs - 100);
    expect(after).toBeLessThan(TIMEOUTS.bodyIdleMs + 1500);
    expect([0, 408]).toContain(statusOf(conversation.received()));
  });

  it('an idle keep-alive connection is closed after the keep-alive timeout', async () => {
    const conversation = await connect();
    conversation.socket.write(
      `GET /health HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nconnection: keep-alive\r\n\r\n`,
    );
    for (let i = 0; i < 50 && !conversation.received().includes('"ok"'); i++) await sleep(10);
    expect(statusOf(conversation.received())).toBe(200);
    const after = await conversation.closed;
    expect(after).toBeGreaterThanOrEqual(TIMEOUTS.keepAliveMs - 50);
    // Node waits a further second past keepAliveTimeout before it closes (a race guard of its own).
    expect(after).toBeLessThan(TIMEOUTS.keepAliveMs + 1000 + 1500);
  });

  it('a connection that never sends a byte is closed too', async () => {
    const conversation = await connect();
    const after = await conversation.closed;
    expect(after).toBeLessThan(TIMEOUTS.headersMs + 1500);
  });
});
