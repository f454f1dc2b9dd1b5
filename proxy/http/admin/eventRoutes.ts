import { Router } from 'express';
import type { AdminContext } from './adminContext.js';
import type { EventsResponse, StreamMessages } from './contract.js';
import { statusView } from './views.js';
import { redactSecrets } from '../../log/redact.js';

/** Browsers and proxies drop an SSE connection that stays silent too long; a comment keeps it open. */
const HEARTBEAT_MS = 15_000;

/** Recent gateway events, and the live stream that pushes everything the dashboard shows. */
export function eventRoutes(ctx: AdminContext): Router {
  const router = Router();

  router.get('/events', (_req, res) => {
    const response: EventsResponse = { events: ctx.events.list() };
    res.json(response);
  });

  router.get('/events/stream', (req, res) => {
    res.status(200);
    res.setHeader('content-type', 'text/event-stream; charset=utf-8');
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-accel-buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    // The stream outlives the server's request timeout by design; it ends when the tab closes.
    req.socket.setTimeout(0);

    const send = (name: string, data: unknown) => {
      if (!res.writableEnded) res.write(`event: ${name}\ndata: ${redactSecrets(JSON.stringify(data))}\n\n`);
    };
    const hello: StreamMessages['hello'] = {
      status: statusView(ctx.status()),
      traffic: ctx.traffic.snapshot(),
    };
    res.write('retry: 2000\n\n');
    send('hello', hello);
    const unsubscribe = ctx.feed.subscribe((name, data) => send(name, data));
    const heartbeat = setInterval(() => {
      if (!res.writableEnded) res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const stopOnClose = ctx.feed.onClose(() => res.end());
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      stopOnClose();
    });
  });

  return router;
}
