import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { UsageMetadata } from '../../proxy/gemini/types.js';

export interface TappedCall {
  path: string;
  status: number;
  /** The last usageMetadata Gemini (the emulator) sent on this call: what it bills for it. */
  usage?: UsageMetadata;
}

export interface UsageTap {
  url: string;
  calls: TappedCall[];
  close(): Promise<void>;
}

/**
 * A pass-through proxy between gemgate and the emulator that notes the usageMetadata of every
 * answer as it goes by, byte for byte unchanged, cuts included (when the emulator drops the
 * socket, so does the tap). It is the independent record a test compares gemgate's log with.
 */
export async function startUsageTap(upstream: string): Promise<UsageTap> {
  const target = new URL(upstream);
  const calls: TappedCall[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const outgoing = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const call: TappedCall = { path: (req.url ?? '').split('?')[0]!, status: answer.statusCode ?? 0 };
        calls.push(call);
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        let text = '';
        answer.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
          noteUsage(call, text);
          res.write(chunk);
        });
        answer.on('end', () => {
          noteUsage(call, text, true);
          res.end();
        });
        answer.on('error', () => res.destroy());
        answer.on('aborted', () => res.destroy());
      },
    );
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** SSE frames as they complete; a whole JSON body at the end. A frame cut in half never counts. */
function noteUsage(call: TappedCall, text: string, ended = false): void {
  for (const frame of text.split(/\r?\n\r?\n/).slice(0, -1)) {
    const data = frame.startsWith('data: ') ? frame.slice(6) : undefined;
    if (!data) continue;
    try {
      const parsed = JSON.parse(data) as { usageMetadata?: UsageMetadata };
      if (parsed.usageMetadata) call.usage = parsed.usageMetadata;
    } catch {
      // not a complete frame
    }
  }
  if (ended && !text.startsWith('data: ')) {
    try {
      const parsed = JSON.parse(text) as { usageMetadata?: UsageMetadata };
      if (parsed.usageMetadata) call.usage = parsed.usageMetadata;
    } catch {
      // not JSON (or cut)
    }
  }
}
