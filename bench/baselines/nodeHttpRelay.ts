/**
 * Baseline: the barest relay, on `node:http` alone. Started as a child process by bench/index.ts;
 * prints `listening on URL`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import {
  clientKeyOf,
  forward,
  relayConfigFromEnv,
  sseMapper,
  toCompletion,
  toGemini,
} from './minimalRelay.js';

const config = relayConfigFromEnv();

const readJson = async (req: http.IncomingMessage): Promise<unknown> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
};

const fail = (res: http.ServerResponse, status: number, message: string) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: { code: status, message } }));
};

const server = http.createServer((req, res) => {
  void (async () => {
    if (clientKeyOf(req.headers) !== config.clientToken) return fail(res, 401, 'bad key');
    const body = await readJson(req);
    const url = req.url ?? '/';
    if (url.startsWith('/v1/chat/completions')) {
      const chat = body as Parameters<typeof toGemini>[0];
      const { path, body: gemini } = toGemini(chat);
      const upstream = await forward(config, path, gemini);
      if (chat.stream) {
        res.writeHead(upstream.statusCode, { 'content-type': 'text/event-stream' });
        const mapper = sseMapper(chat.model);
        for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
          const out = mapper.push(chunk);
          if (out) res.write(out);
        }
        res.end(mapper.end());
      } else {
        const answer = (await upstream.body.json()) as Parameters<typeof toCompletion>[1];
        res.writeHead(upstream.statusCode, { 'content-type': 'application/json' });
        res.end(JSON.stringify(toCompletion(chat.model, answer)));
      }
      return;
    }
    const upstream = await forward(config, url, body);
    res.writeHead(upstream.statusCode, {
      'content-type': String(upstream.headers['content-type'] ?? 'application/json'),
    });
    await pipeline(upstream.body, res);
  })().catch((error: unknown) => {
    if (!res.headersSent) fail(res, 500, String(error));
    else res.destroy();
  });
});

server.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});

// Exit through process.exit so that --cpu-prof writes its profile.
process.once('SIGTERM', () => process.exit(0));
