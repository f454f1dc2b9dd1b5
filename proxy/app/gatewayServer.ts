import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { refuseUpgrade } from '../http/refuseUpgrade.js';
import { SocketGuard } from './socketGuard.js';

/** How long slow or idle clients may hold a connection, and how many connections they may hold. */
export interface ServerTimeouts {
  /**
   * Longest a client may take to send a request's headers (a slow-loris trickles them), counted
   * from when the connection opened or its previous answer ended.
   */
  headersMs: number;
  /**
   * Longest a request body may go without a byte. Not a limit on the whole request: a big upload
   * on a slow link takes as long as it takes, so long as it keeps coming. Answers may stream for long.
   */
  bodyIdleMs: number;
  /** How long an idle keep-alive connection stays open. */
  keepAliveMs: number;
  /** How often the server looks for connections past those limits (Node's default is 30 s). */
  checkIntervalMs: number;
  /** Connections open at once, all clients together: well below the process's file descriptors. */
  maxConnections: number;
  /** Connections open at once from one address, so one LAN host cannot take them all. */
  maxConnectionsPerAddress: number;
}

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 20_000,
  bodyIdleMs: 60_000,
  keepAliveMs: 5_000,
  checkIntervalMs: 1_000,
  maxConnections: 512,
  maxConnectionsPerAddress: 128,
};

/** How long requests in flight get to finish on close before their connections are cut. */
const CLOSE_GRACE_MS = 3000;

/**
 * The base URL clients use for an address the server listens on:
 *
 * | listening on        | URL                       |
 * | ------------------- | ------------------------- |
 * | `127.0.0.1:8787`    | `http://127.0.0.1:8787`   |
 * | `0.0.0.0:8787`      | `http://127.0.0.1:8787`   |
 * | `::1` port 8787     | `http://[::1]:8787`       |
 * | `192.168.1.5:8787`  | `http://192.168.1.5:8787` |
 *
 * "Every interface" is not an address a client can open; this machine's loopback is, and the
 * desktop app and the CLI that read the URL run on this machine.
 */
export function urlOf(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;
}

/**
 * The gateway's HTTP server: socket timeouts and connection caps set so slow, idle or numerous
 * clients cannot hold sockets forever (slow-loris; SocketGuard), WebSocket upgrades refused at once
 * (refuseUpgrade.ts), its URL once listening, and a close that lets requests in flight finish briefly.
 */
export class GatewayServer {
  private readonly server: http.Server;
  private readonly guard: SocketGuard;
  private listeningUrl: string | null = null;

  constructor(timeouts: ServerTimeouts = SERVER_TIMEOUTS) {
    this.server = http.createServer({ connectionsCheckingInterval: timeouts.checkIntervalMs });
    // Node's own check stays as a second line; it counts from a head's first byte, the guard from
    // the connection's start.
    this.server.headersTimeout = timeouts.headersMs;
    // No limit on a whole request: the guard times bodies out on idleness instead.
    this.server.requestTimeout = 0;
    this.server.keepAliveTimeout = timeouts.keepAliveMs;
    // No WebSocket transport: clients that try one first (Codex CLI) are told at once, and fall back.
    this.server.on('upgrade', refuseUpgrade);
    this.server.maxConnections = timeouts.maxConnections;
    this.guard = new SocketGuard(this.server, timeouts);
  }

  /** The base URL clients use; only known once listening (port 0 picks a free port). */
  get url(): string {
    if (!this.listeningUrl) throw new Error('The gateway is not listening yet.');
    return this.listeningUrl;
  }

  /** The address the socket is bound to (`0.0.0.0` when on every interface): who else can reach it. */
  get boundUrl(): string {
    const address = this.server.address() as AddressInfo | null;
    if (!address) throw new Error('The gateway is not listening yet.');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** Serves requests with `handler` on host:port; rejects if the port is taken. */
  async listen(handler: http.RequestListener, host: string, port: number): Promise<string> {
    this.server.on('request', handler);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.guard.start();
    this.listeningUrl = urlOf(this.server.address() as AddressInfo);
    return this.listeningUrl;
  }

  /** Stops accepting connections; requests in flight get CLOSE_GRACE_MS to finish. */
  close(): Promise<void> {
    this.guard.close();
    return new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
      setTimeout(() => this.server.closeAllConnections(), CLOSE_GRACE_MS).unref();
    });
  }
}
