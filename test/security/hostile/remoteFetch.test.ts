import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/harness.js';
import { rawRequest } from '../../support/http.js';
import { DATABASE_FILE } from '../../../proxy/store/database.js';

/**
 * Images and files a hostile client gives by URL (issue 23, items 1 and 2). gemgate fetches them
 * and sends their bytes to Gemini, where the model can read them back to the client: a URL naming
 * this machine or the LAN must never be fetched, in any spelling, through any redirect, and the
 * refusal must not tell an open port from a closed one. What may be fetched is bounded per
 * request, in number and in bytes, and not kept in stored responses.
 */
const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 7),
]);
const MB = 1024 * 1024;

/** A server on this machine that clients must not reach through gemgate; counts what reached it. */
async function internalServer(host = '127.0.0.1', answer?: http.RequestListener) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (answer) return answer(req, res);
    res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    hits,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type Dialect = 'chat image_url' | 'responses input_image' | 'responses input_file';
const DIALECTS: Dialect[] = ['chat image_url', 'responses input_image', 'responses input_file'];

/** A request giving `urls` in `dialect`, as a client would. */
function requestFor(dialect: Dialect, urls: string[], extra: Record<string, unknown> = {}) {
  if (dialect === 'chat image_url') {
    return {
      path: '/v1/chat/completions',
      body: {
        model: 'gemini-2.5-flash',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'what is this?' },
              ...urls.map((url) => ({ type: 'image_url', image_url: { url } })),
            ],
          },
        ],
        ...extra,
      },
    };
  }
  const part = (url: string) =>
    dialect === 'responses input_image'
      ? { type: 'input_image', image_url: url }
      : { type: 'input_file', file_url: url };
  return {
    path: '/v1/responses',
    body: {
      model: 'gemini-2.5-flash',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }, ...urls.map(part)] }],
      ...extra,
    },
  };
}

async function send(h: Harness, dialect: Dialect, urls: string[], extra?: Record<string, unknown>) {
  const { path: route, body } = requestFor(dialect, urls, extra);
  const answer = await rawRequest(`${h.url}${route}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const error =
    answer.status === 200 ? undefined : (JSON.parse(answer.body) as { error: { message: string } }).error;
  return { status: answer.status, message: error?.message ?? '', body: answer.body };
}

describe('URLs naming this machine or the LAN are never fetched', () => {
  let h: Harness;
  let target: Awaited<ReturnType<typeof internalServer>>;
  beforeAll(async () => {
    h = await startHarness();
    target = await internalServer();
  });
  afterAll(async () => {
    await target?.close();
    await h?.close();
  });

  const spellings = (port: number, gateway: number) => [
    `http://127.0.0.1:${port}/secret.png`,
    `http://localhost:${port}/secret.png`,
    `http://LOCALHOST.:${port}/secret.png`,
    `http://0.0.0.0:${port}/secret.png`,
    `http://2130706433:${port}/secret.png`,
    `http://0x7f000001:${port}/secret.png`,
    `http://0177.0.0.1:${port}/secret.png`,
    `http://127.1:${port}/secret.png`,
    `http://[::1]:${port}/secret.png`,
    `http://[::ffff:127.0.0.1]:${port}/secret.png`,
    `http://[::ffff:7f00:1]:${port}/secret.png`,
    `http://127.0.0.1:${gateway}/health`,
    `http://169.254.169.254/latest/meta-data/`,
    `http://10.0.0.1/`,
    `http://192.168.1.1/`,
    `http://[fd00::1]/`,
  ];

  it.each(DIALECTS)(
    '%s: every spelling of loopback, the gateway itself, metadata and the LAN: 400, not one byte fetched',
    async (dialect) => {
      const urls = spellings(target.port, Number(new URL(h.url).port));
      const before = h.emulator.requests.length;
      const messages = new Set<string>();
      for (const url of urls) {
        const answer = await send(h, dialect, [url]);
        expect(answer.status, `${url}: ${answer.body}`).toBe(400);
        // One reason for all of them, the URL and the field aside.
        messages.add(answer.message.replace(url, 'URL').replace(/'[^']+'/, 'FIELD'));
      }
      expect(target.hits).toEqual([]);
      expect(h.emulator.requests.length).toBe(before);
      expect(messages.size, [...messages].join('\n')).toBe(1);
    },
  );

  it('an open port and a closed one get the same answer', async () => {
    const closed = await internalServer();
    await closed.close();
    const open = await send(h, 'chat image_url', [`http://127.0.0.1:${target.port}/x.png`]);
    const shut = await send(h, 'chat image_url', [`http://127.0.0.1:${closed.port}/x.png`]);
    expect(open.status).toBe(400);
    expect(shut.message.replace(String(closed.port), 'PORT')).toBe(
      open.message.replace(String(target.port), 'PORT'),
    );
  });

  it('a redirect from an allowed host to loopback is not followed', async () => {
    // 127.0.0.2 stands for a host the user allowed; it redirects to 127.0.0.1, which is not allowed.
    const redirector = await internalServer('127.0.0.2', (_req, res) =>
      res.writeHead(302, { location: `http://127.0.0.1:${target.port}/secret.png` }).end(),
    );
    const allowing = await startHarness({ settings: { 'fetch.allowHosts': '127.0.0.2' } });
    try {
      for (const dialect of DIALECTS) {
        const answer = await send(allowing, dialect, [`http://127.0.0.2:${redirector.port}/to-secret`]);
        expect(answer.status, answer.body).toBe(400);
      }
      expect(redirector.hits.length).toBe(3);
      expect(target.hits).toEqual([]);
    } finally {
      await allowing.close();
      await redirector.close();
    }
  });
});

describe('what may be fetched is bounded, and not stored', () => {
  let h: Harness;
  let media: Awaited<ReturnType<typeof internalServer>>;
  beforeAll(async () => {
    // The user allows this machine (as for a LAN media server); requests may carry 2 MB.
    h = await startHarness({ settings: { 'fetch.allowHosts': '127.0.0.1', 'server.maxRequestMB': 2 } });
    media = await internalServer('127.0.0.1', (req, res) => {
      const size = Number(/size=(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.concat([PNG, Buffer.alloc(size, 1)]));
    });
  });
  afterAll(async () => {
    await media?.close();
    await h?.close();
  });

  const url = (name: string, size = 0) => `http://127.0.0.1:${media.port}/${name}.png?size=${size}`;

  it('an allowed host is fetched', async () => {
    for (const dialect of DIALECTS) expect((await send(h, dialect, [url('ok')])).status).toBe(200);
  });

  it('more than 32 URLs in one request: a 400 before any is fetched', async () => {
    const hits = media.hits.length;
    const urls = Array.from({ length: 33 }, (_, i) => url(`many-${i}`));
    for (const dialect of DIALECTS) {
      const answer = await send(h, dialect, urls);
      expect(answer.status).toBe(400);
      expect(answer.message).toMatch(/at most 32/);
    }
    expect(media.hits.length).toBe(hits);
  });

  it('more bytes in all than the request could carry inline: a 400, each URL alone under every limit', async () => {
    const urls = [url('a', 600_000), url('b', 600_000), url('c', 600_000)];
    for (const dialect of DIALECTS) {
      const answer = await send(h, dialect, urls);
      expect(answer.status).toBe(400);
      expect(answer.message).toMatch(/more than 2\.0 MB sent inline/);
    }
    expect((await send(h, 'chat image_url', [url('alone', 600_000)])).status).toBe(200);
  });

  it('a stored response keeps the URL, not the bytes, and fetches it again to continue', async () => {
    const big = url('stored', 1 * MB);
    const first = await send(h, 'responses input_image', [big], { store: true });
    expect(first.status, first.body).toBe(200);
    const db = new Database(path.join(h.dataDir, DATABASE_FILE), { readonly: true });
    try {
      const row = db.prepare('SELECT bytes FROM stored_responses ORDER BY created_at DESC LIMIT 1').get() as {
        bytes: number;
      };
      expect(row.bytes).toBeLessThan(64 * 1024);
    } finally {
      db.close();
    }
    const hits = media.hits.filter((hit) => hit.startsWith('/stored')).length;
    const next = await rawRequest(`${h.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gemini-2.5-flash',
        previous_response_id: (JSON.parse(first.body) as { id: string }).id,
        input: 'and the colours?',
      }),
    });
    expect(next.status, next.body).toBe(200);
    expect(media.hits.filter((hit) => hit.startsWith('/stored')).length).toBe(hits + 1);
    const sent = h.emulator.requests.at(-1)!.body as {
      contents: Array<{ parts: Array<Record<string, unknown>> }>;
    };
    const image = sent.contents[0]!.parts.find((part) => 'inlineData' in part) as {
      inlineData: { mimeType: string; data: string };
    };
    expect(image.inlineData.mimeType).toBe('image/png');
    expect(Buffer.from(image.inlineData.data, 'base64').length).toBe(PNG.length + MB);
  });
});
