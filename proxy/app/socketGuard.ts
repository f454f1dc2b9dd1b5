import type http from 'node:http';
import type { Socket } from 'node:net';

export interface SocketLimits {
  /**
   * Longest a connection may go without a whole request head: from when it opens, or from the end
   * of its previous answer (keep-alive), to the end of the next request's headers.
   */
  headersMs: number;
  /** Longest a request body may go without a byte while gemgate waits to read it (uploads included). */
  bodyIdleMs: number;
  /** Connections at once from one address; past it, new ones are closed at once. */
  maxConnectionsPerAddress: number;
  /** How often the limits are checked. */
  checkIntervalMs: number;
}

interface Watched {
  /** When the connection began to wait for a request head; undefined while a request is served. */
  awaitingHeadSince: number | undefined;
  request: { req: http.IncomingMessage; bytesRead: number; since: number } | undefined;
}

const TIMED_OUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';

/**
 * What Node's own server timeouts do not cover, checked on every connection:
 *
 * | a client that                                      | Node alone                             | with the guard                     |
 * | -------------------------------------------------- | -------------------------------------- | ---------------------------------- |
 * | connects, waits, then trickles its headers         | headersTimeout counts from the first byte: up to twice as long | closed `headersMs` after it connected |
 * | sends a body slower than the whole-request timeout | requestTimeout cuts it (a slow upload fails) | served, however long, while bytes keep coming |
 * | stops sending halfway through a body               | held until requestTimeout              | 408 after `bodyIdleMs` of silence  |
 * | opens hundreds of connections from one address     | all accepted until file descriptors run out | past the cap, closed at once  |
 *
 * A body counts as idle only while gemgate is waiting for it: when gemgate itself holds back (its
 * body budget, an upload relayed at Gemini's pace), the bytes wait unread in the request's buffer,
 * and that is not the client's silence.
 */
export class SocketGuard {
  private readonly sockets = new Map<Socket, Watched>();
  private readonly perAddress = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    server: http.Server,
    private readonly limits: SocketLimits,
    private readonly now: () => number = () => performance.now(),
  ) {
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => this.serving(req, res));
  }

  /** Starts checking (once the server listens: a server that never does leaves no timer behind). */
  start(): void {
    this.timer ??= setInterval(() => this.check(), this.limits.checkIntervalMs);
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private admit(socket: Socket): void {
    const address = socket.remoteAddress ?? '';
    const open = (this.perAddress.get(address) ?? 0) + 1;
    if (open > this.limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    this.perAddress.set(address, open);
    this.sockets.set(socket, { awaitingHeadSince: this.now(), request: undefined });
    socket.once('close', () => {
      this.sockets.delete(socket);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
  }

  private serving(req: http.IncomingMessage, res: http.ServerResponse): void {
    const watched = this.sockets.get(req.socket);
    if (!watched) return;
    watched.awaitingHeadSince = undefined;
    watched.request = req.complete ? undefined : { req, bytesRead: req.socket.bytesRead, since: this.now() };
    res.once('finish', () => {
      // The next request head (keep-alive) is awaited from now on.
      if (watched.request?.req === req) watched.request = undefined;
      if (this.sockets.get(req.socket) === watched) watched.awaitingHeadSince = this.now();
    });
  }

  private check(): void {
    const now = this.now();
    for (const [socket, watched] of this.sockets) {
      if (watched.awaitingHeadSince !== undefined) {
        if (now - watched.awaitingHeadSince >= this.limits.headersMs) this.cut(socket);
        continue;
      }
      const body = watched.request;
      if (!body) continue;
      if (body.req.complete) {
        watched.request = undefined;
      } else if (socket.bytesRead !== body.bytesRead || body.req.readableLength > 0) {
        // Bytes came, or they wait for gemgate to read them: not the client's silence.
        body.bytesRead = socket.bytesRead;
        body.since = now;
      } else if (now - body.since >= this.limits.bodyIdleMs) {
        this.cut(socket);
      }
    }
  }

  private cut(socket: Socket): void {
    this.sockets.delete(socket);
    // Node's own timeouts answer the same way; a response already under way can only be cut.
    if (socket.writable && socket.bytesWritten === 0) socket.write(TIMED_OUT);
    socket.destroy();
  }
}
