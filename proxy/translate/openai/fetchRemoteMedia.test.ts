import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchRemoteFiles, fetchRemoteMedia, type FetchLike } from './fetchRemoteMedia.js';
import { InputError } from '../../failures/inputError.js';
import { parseChatRequest } from './parseChatRequest.js';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

function requestWithImages(...urls: string[]) {
  return parseChatRequest({
    model: 'gemini-2.5-flash',
    messages: [
      { role: 'user', content: 'first' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          ...urls.map((url) => ({ type: 'image_url', image_url: { url } })),
        ],
      },
    ],
  });
}

async function errorOf(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('fetchRemoteMedia (injected fetcher)', () => {
  it('leaves Gemini Files API URIs alone: Gemini reads those itself', async () => {
    const fetch = vi.fn<FetchLike>();
    const media = await fetchRemoteMedia(
      requestWithImages('https://generativelanguage.googleapis.com/v1beta/files/abc123'),
      { fetch },
    );
    expect(fetch).not.toHaveBeenCalled();
    expect(media.size).toBe(0);
  });

  it('downloads each distinct URL once and returns inlineData blobs keyed by URL', async () => {
    const fetch = vi.fn<FetchLike>(
      async () => new Response(PNG, { headers: { 'content-type': 'image/png' } }),
    );
    const media = await fetchRemoteMedia(requestWithImages('https://x.test/a.png', 'https://x.test/a.png'), {
      fetch,
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(media.get('https://x.test/a.png')).toEqual({
      mimeType: 'image/png',
      data: PNG.toString('base64'),
    });
  });

  it('ignores data URLs and sniffs the type when the server does not say', async () => {
    const fetch: FetchLike = async () =>
      new Response(PNG, { headers: { 'content-type': 'application/octet-stream' } });
    const media = await fetchRemoteMedia(
      requestWithImages('data:image/png;base64,AAAA', 'https://x.test/b'),
      {
        fetch,
      },
    );
    expect([...media.keys()]).toEqual(['https://x.test/b']);
    expect(media.get('https://x.test/b')?.mimeType).toBe('image/png');
  });

  it('a 404 is a 400 naming the field and saying why', async () => {
    const fetch: FetchLike = async () => new Response('nope', { status: 404, statusText: 'Not Found' });
    const err = await errorOf(fetchRemoteMedia(requestWithImages('https://x.test/gone.png'), { fetch }));
    expect(err).toBeInstanceOf(InputError);
    expect(err.param).toBe('messages[1].content[1].image_url.url');
    expect(err.message).toContain('HTTP 404 Not Found');
  });

  it('refuses an image over the limit, whether or not Content-Length says so', async () => {
    const declared: FetchLike = async () =>
      new Response(PNG, { headers: { 'content-type': 'image/png', 'content-length': '999999' } });
    expect(
      (
        await errorOf(
          fetchRemoteMedia(requestWithImages('https://x.test/a'), { fetch: declared, maxBytes: 100 }),
        )
      ).message,
    ).toMatch(/limit/);

    let pulled = 0;
    const endless: FetchLike = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled++;
            controller.enqueue(new Uint8Array(64));
          },
        }),
        { headers: { 'content-type': 'image/png' } },
      );
    const err = await errorOf(
      fetchRemoteMedia(requestWithImages('https://x.test/big'), { fetch: endless, maxBytes: 1000 }),
    );
    expect(err.message).toMatch(/larger than the 1 KB limit/);
    expect(pulled).toBeLessThan(40); // stopped reading right after the limit
  });

  it('a response that is not an image, a network error and a timeout are all 400s; the last two alike', async () => {
    const html: FetchLike = async () => new Response('<html>', { headers: { 'content-type': 'text/html' } });
    expect(
      (await errorOf(fetchRemoteMedia(requestWithImages('https://x.test/page'), { fetch: html }))).message,
    ).toContain('not an image');
    const down: FetchLike = async () => {
      throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND x.test') });
    };
    const unreachable = (
      await errorOf(fetchRemoteMedia(requestWithImages('https://x.test/a'), { fetch: down }))
    ).message;
    // Why it failed stays unsaid: an answer must not tell a closed port from a refused address.
    expect(unreachable).toContain('could not be reached');
    expect(unreachable).not.toContain('ENOTFOUND');
    const slow: FetchLike = (_url, init) =>
      new Promise((_resolve, reject) =>
        init.signal.addEventListener('abort', () => reject(init.signal.reason)),
      );
    expect(
      (await errorOf(fetchRemoteMedia(requestWithImages('https://x.test/a'), { fetch: slow, timeoutMs: 20 })))
        .message,
    ).toBe(unreachable.replace('within 15 s', 'within 0.02 s'));
  });
});

describe('fetchRemoteFiles: input_file.file_url, fetched like images', () => {
  const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n');
  const field = 'input[0].content[0].file_url';
  const serving =
    (body: Buffer | string, headers: Record<string, string>, status = 200): FetchLike =>
    async () =>
      new Response(body, { status, headers });

  it.each<[string, FetchLike, string]>([
    ['the declared type', serving('a,b\n1,2\n', { 'content-type': 'text/csv; charset=utf-8' }), 'text/csv'],
    [
      'a PDF told by its signature when the server says octet-stream',
      serving(PDF, { 'content-type': 'application/octet-stream' }),
      'application/pdf',
    ],
    ['a PDF told by its signature when the server says nothing', serving(PDF, {}), 'application/pdf'],
  ])('keeps the bytes, typed by %s', async (_name, fetch, mimeType) => {
    const files = await fetchRemoteFiles(new Map([['https://docs.test/f', field]]), { fetch });
    const blob = files.get('https://docs.test/f')!;
    expect(blob.mimeType).toBe(mimeType);
    expect(Buffer.from(blob.data, 'base64').length).toBeGreaterThan(0);
  });

  it.each<[string, FetchLike, RegExp]>([
    [
      'an untyped file that is not a PDF',
      serving('just bytes', { 'content-type': 'application/octet-stream' }),
      /does not say what type of file/,
    ],
    ['a dead link', serving('gone', {}, 404), /HTTP 404/],
    [
      'a file over the limit',
      serving(Buffer.alloc(2048), { 'content-type': 'application/pdf' }),
      /larger than the 1 KB limit/,
    ],
  ])('a 400 naming the field for %s', async (_name, fetch, reason) => {
    const err = await errorOf(
      fetchRemoteFiles(new Map([['https://docs.test/f', field]]), { fetch, maxBytes: 1024 }),
    );
    expect(err).toMatchObject({ param: field, code: 'invalid_file_url' });
    expect(err.message).toMatch(/^Could not fetch the file at/);
    expect(err.message).toMatch(reason);
  });
});

describe('fetchRemoteMedia (real fetch, local server)', () => {
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/cat.png') res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('works with the platform fetch', async () => {
    const media = await fetchRemoteMedia(requestWithImages(`${base}/cat.png`), { fetch: globalThis.fetch });
    expect(media.get(`${base}/cat.png`)).toEqual({ mimeType: 'image/png', data: PNG.toString('base64') });
  });
});
