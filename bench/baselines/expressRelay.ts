/**
 * Baseline: a bare Express relay, the way most small gateways are written (express.json(), a route,
 * forward, pipe). Started as a child process by bench/index.ts; prints `listening on URL`.
 * RELAY_WHOLE_AS_STREAM=1 makes it ask Gemini for a stream even for a whole answer and fold it
 * (foldSse), as gemgate does so that a cut answer can be resumed: bench/wholeFloor.ts.
 */
import express from 'express';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';
import {
  clientKeyOf,
  foldSse,
  forward,
  relayConfigFromEnv,
  sseMapper,
  toCompletion,
  toGemini,
} from './minimalRelay.js';

const config = relayConfigFromEnv();
const wholeAsStream = process.env.RELAY_WHOLE_AS_STREAM === '1';
const app = express();
app.use(express.json({ limit: '20mb' }));
app.use((req, res, next) => {
  if (clientKeyOf(req.headers) !== config.clientToken) {
    res.status(401).json({ error: { code: 401, message: 'bad key' } });
    return;
  }
  next();
});

app.post('/v1/chat/completions', async (req, res) => {
  const chat = req.body as Parameters<typeof toGemini>[0];
  const { path, body } = toGemini(chat, wholeAsStream);
  const upstream = await forward(config, path, body);
  if (chat.stream) {
    res.status(upstream.statusCode).type('text/event-stream');
    const mapper = sseMapper(chat.model);
    for await (const chunk of upstream.body as AsyncIterable<Buffer>) {
      const out = mapper.push(chunk);
      if (out) res.write(out);
    }
    res.end(mapper.end());
    return;
  }
  const answer = wholeAsStream
    ? await foldSse(upstream.body)
    : ((await upstream.body.json()) as Parameters<typeof toCompletion>[1]);
  res.status(upstream.statusCode).json(toCompletion(chat.model, answer));
});

app.post(/^\/v1(beta)?\/models\/[^/]+$/, async (req, res) => {
  if (wholeAsStream && req.path.endsWith(':generateContent')) {
    const streamPath = req.originalUrl.replace(':generateContent', ':streamGenerateContent?alt=sse');
    const upstream = await forward(config, streamPath, req.body);
    res.status(upstream.statusCode).json(await foldSse(upstream.body));
    return;
  }
  const upstream = await forward(config, req.originalUrl, req.body);
  res.status(upstream.statusCode);
  res.setHeader('content-type', String(upstream.headers['content-type'] ?? 'application/json'));
  await pipeline(upstream.body, res);
});

const server = app.listen(config.port, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});

// Exit through process.exit so that --cpu-prof writes its profile.
process.once('SIGTERM', () => process.exit(0));
