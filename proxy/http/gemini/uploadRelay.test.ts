import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../../test/support/harness.js';

/**
 * The upload relay on its own, with a recording relay between gemgate and the emulator that notes
 * when each byte of an upload reaches "Gemini" and what came with it.
 */
interface Seen {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** Bytes of the body received so far. */
  received: number;
}

interface Recorder {
  url: string;
  seen: Seen[];
  /** When set, answers to an upload start point the client at this origin instead. */
  moveSessionsTo?: string;
  close(): Promise<void>;
}

async function recordingRelay(target: string): Promise<Recorder> {
  const recorder: Recorder = { url: '', seen: [], close: async () => undefined };
  const upstream = new URL(target);
  const server = http.createServer((req, res) => {
    const seen: Seen = { method: req.method!, path: req.url!, headers: req.headers, received: 0 };
    recorder.seen.push(seen);
    const forward = http.request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const headers = { ...answer.headers };
        const session = headers['x-goog-upload-url'];
        if (recorder.moveSessionsTo && typeof session === 'string') {
          const moved = new URL(session);
          const to = new URL(recorder.moveSessionsTo);
          moved.host = to.host;
          headers['x-goog-upload-url'] = moved.toString();
        }
        res.writeHead(answer.statusCode!, headers);
        answer.pipe(res);
      },
    );
    req.on('data', (chunk: Buffer) => (seen.received += chunk.length));
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  recorder.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  recorder.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return recorder;
}

const MiB = 1024 * 1024;

describe('the upload relay', () => {
  let h: Harness;
  let relay: Recorder;
  beforeAll(async () => {
    h = await startHarness({
      upstream: async (emulatorUrl) => {
        relay = await recordingRelay(emulatorUrl);
        return relay.url;
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await relay.close();
  });

  async function start(size: number): Promise<string> {
    const answer = await fetch(`${h.url}/upload/v1beta/files`, {
      method: 'POST',
      headers: {
        'x-goog-api-key': h.token,
        'content-type': 'application/json',
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': String(size),
        'x-goog-upload-header-content-type': 'application/octet-stream',
      },
      body: '{"file":{"displayName":"streamed"}}',
    });
    expect(answer.status).toBe(200);
    return answer.headers.get('x-goog-upload-url')!;
  }

  it("passes a chunk's bytes on as they arrive, before the client has sent them all", async () => {
    const size = 4 * MiB;
    const url = new URL(await start(size));
    const half = Buffer.alloc(size / 2, 7);
    const answer = new Promise<{ status: number; upload: string | undefined }>((resolve, reject) => {
      const request = http.request(
        url,
        {
          method: 'POST',
          headers: {
            'x-goog-api-key': h.token,
            'x-goog-upload-command': 'upload, finalize',
            'x-goog-upload-offset': '0',
            'content-length': String(size),
          },
        },
        (response) => {
          response.resume();
          response.on('end', () =>
            resolve({
              status: response.statusCode!,
              upload: response.headers['x-goog-upload-status'] as string,
            }),
          );
        },
      );
      request.on('error', reject);
      request.write(half);
      // The second half goes only once "Gemini" has a good part of the first: a relay that held
      // the chunk until it was whole would never get here.
      const chunkAtGemini = () => relay.seen.filter((s) => s.path.includes('upload_id=')).at(-1);
      const deadline = Date.now() + 10_000;
      const wait = setInterval(() => {
        const seen = chunkAtGemini();
        if (seen && seen.received >= MiB) {
          clearInterval(wait);
          request.end(half);
        } else if (Date.now() > deadline) {
          clearInterval(wait);
          request.destroy(new Error('the relay held the chunk back'));
        }
      }, 10);
    });
    expect(await answer).toEqual({ status: 200, upload: 'final' });
  });

  it('sends Gemini the pool key and the upload headers, never the client token; answers with none of them', async () => {
    const url = await start(3);
    const chunk = await fetch(url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.token}`,
        'x-goog-upload-command': 'upload, finalize',
        'x-goog-upload-offset': '0',
        cookie: 'session=abc',
      },
      body: 'abc',
    });
    expect(chunk.headers.get('x-goog-upload-status')).toBe('final');
    const poolKeys = new Set(Object.values(h.keys).flatMap((keys) => keys.map((k) => k.key)));
    const [startSeen, chunkSeen] = relay.seen.slice(-2);
    for (const seen of [startSeen!, chunkSeen!]) {
      expect(poolKeys.has(seen.headers['x-goog-api-key'] as string)).toBe(true);
      expect(JSON.stringify(seen.headers)).not.toContain(h.token);
      expect(seen.headers.cookie).toBeUndefined();
      expect(seen.headers.authorization).toBeUndefined();
    }
    expect(startSeen!.headers).toMatchObject({
      'x-goog-upload-protocol': 'resumable',
      'x-goog-upload-command': 'start',
      'x-goog-upload-header-content-length': '3',
    });
    expect(chunkSeen!.headers).toMatchObject({
      'x-goog-upload-command': 'upload, finalize',
      'x-goog-upload-offset': '0',
    });
    const answer = `${[...chunk.headers].join('\n')}${await chunk.text()}`;
    for (const key of poolKeys) expect(answer).not.toContain(key);
  });

  it('sends an upload session on another host its bytes, but never a key', async () => {
    relay.moveSessionsTo = h.emulator.url;
    try {
      const url = await start(4);
      const chunk = await fetch(url, {
        method: 'POST',
        headers: {
          'x-goog-api-key': h.token,
          'x-goog-upload-command': 'upload, finalize',
          'x-goog-upload-offset': '0',
        },
        body: 'done',
      });
      expect(chunk.headers.get('x-goog-upload-status')).toBe('final');
      const atEmulator = h.emulator.requests.at(-1)!;
      expect(atEmulator.query.upload_id).toBeTruthy();
      expect(atEmulator.apiKey).toBeUndefined();
    } finally {
      relay.moveSessionsTo = undefined;
    }
  });
});
