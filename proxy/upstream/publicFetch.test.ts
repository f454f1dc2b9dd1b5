import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DestinationRefused, PublicFetch } from './publicFetch.js';

/** A loopback server whose paths redirect (`/hop/N` to `/hop/N-1`, `/to/URL` to URL) or answer `ok`. */
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const hop = /^\/hop\/(\d+)$/.exec(req.url ?? '');
    if (hop && Number(hop[1]) > 0)
      return res.writeHead(302, { location: `/hop/${Number(hop[1]) - 1}` }).end();
    const to = /^\/to\/(.+)$/.exec(req.url ?? '');
    if (to) return res.writeHead(307, { location: decodeURIComponent(to[1]!) }).end();
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function textOf(fetcher: PublicFetch, url: string): Promise<string> {
  const response = await fetcher.fetch(url, { signal: AbortSignal.timeout(5000) });
  let text = '';
  for await (const chunk of response.body ?? []) text += Buffer.from(chunk).toString();
  return `${response.status} ${text}`;
}

describe('PublicFetch', () => {
  it('refuses loopback before connecting, and fetches it once allowed by range or by name', async () => {
    let allowed: string[] = [];
    const fetcher = new PublicFetch(() => allowed);
    try {
      await expect(textOf(fetcher, `${base}/`)).rejects.toThrow(DestinationRefused);
      await expect(textOf(fetcher, base.replace('127.0.0.1', 'localhost'))).rejects.toThrow(
        DestinationRefused,
      );
      allowed = ['127.0.0.0/8'];
      expect(await textOf(fetcher, `${base}/`)).toBe('200 ok');
      allowed = ['localhost'];
      expect(await textOf(fetcher, `${base.replace('127.0.0.1', 'localhost')}/`)).toBe('200 ok');
    } finally {
      await fetcher.close();
    }
  });

  it('follows a few redirects, each checked; more than five, or one to a refused address, fail', async () => {
    const fetcher = new PublicFetch(() => ['127.0.0.1']);
    try {
      expect(await textOf(fetcher, `${base}/hop/5`)).toBe('200 ok');
      await expect(textOf(fetcher, `${base}/hop/6`)).rejects.toThrow(/redirects/);
      await expect(textOf(fetcher, `${base}/to/${encodeURIComponent('http://10.0.0.1/')}`)).rejects.toThrow(
        DestinationRefused,
      );
      await expect(textOf(fetcher, `${base}/to/${encodeURIComponent('file:///etc/passwd')}`)).rejects.toThrow(
        DestinationRefused,
      );
    } finally {
      await fetcher.close();
    }
  });
});
