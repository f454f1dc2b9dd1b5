import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayServer, urlOf } from './gatewayServer.js';

describe('urlOf', () => {
  it.each([
    [{ address: '127.0.0.1', family: 'IPv4', port: 8787 }, 'http://127.0.0.1:8787'],
    [{ address: '0.0.0.0', family: 'IPv4', port: 8787 }, 'http://127.0.0.1:8787'],
    [{ address: '::1', family: 'IPv6', port: 8787 }, 'http://[::1]:8787'],
    [{ address: '192.168.1.5', family: 'IPv4', port: 8787 }, 'http://192.168.1.5:8787'],
  ])('%o is %s', (address, url) => {
    expect(urlOf(address)).toBe(url);
  });
});

describe('GatewayServer', () => {
  const servers: GatewayServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  function server(): GatewayServer {
    const created = new GatewayServer();
    servers.push(created);
    return created;
  }

  it('serves on the free port it was given and says where', async () => {
    const gateway = server();
    expect(() => gateway.url).toThrow(/not listening/);
    const url = await gateway.listen((_req, res) => res.end('hello'), '127.0.0.1', 0);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(gateway.url).toBe(url);
    await expect(fetch(url).then((response) => response.text())).resolves.toBe('hello');
  });

  it('refuses a port that is taken', async () => {
    const url = await server().listen((_req, res) => res.end(), '127.0.0.1', 0);
    const port = Number(new URL(url).port);
    await expect(server().listen((_req, res) => res.end(), '127.0.0.1', port)).rejects.toThrow(/EADDRINUSE/);
  });

  it('answers a WebSocket upgrade with 426 at once, so a client that tries one first falls back to HTTP', async () => {
    const url = new URL(await server().listen((_req, res) => res.end('not for upgrades'), '127.0.0.1', 0));
    // The handshake Codex CLI opens (codex-api responses_websocket): GET /v1/responses with Upgrade.
    const answer = await new Promise<{ status: number; body: string; upgraded: boolean }>(
      (resolve, reject) => {
        const request = http.request({
          host: url.hostname,
          port: url.port,
          path: '/v1/responses',
          headers: {
            connection: 'Upgrade',
            upgrade: 'websocket',
            'sec-websocket-version': '13',
            'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
          },
        });
        request.on('upgrade', () => resolve({ status: 101, body: '', upgraded: true }));
        request.on('response', (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve({ status: response.statusCode!, body, upgraded: false }));
        });
        request.on('error', reject);
        request.end();
      },
    );
    expect(answer.upgraded).toBe(false);
    expect(answer.status).toBe(426);
    expect(JSON.parse(answer.body)).toMatchObject({
      error: { code: 'websocket_not_supported', type: 'invalid_request_error' },
    });
  });
});
