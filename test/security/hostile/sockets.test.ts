import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/harness.js';
import type { ServerTimeouts } from '../../../proxy/app/startGateway.js';
import { openStore } from '../../../proxy/store/openStore.js';
import { DATABASE_FILE } from '../../../proxy/store/database.js';
import { tempDataDir } from '../../support/dataDir.js';
import { connect, sleep, statusOf } from '../../support/rawHttp.js';

/**
 * Connections and files (issue 23, items 8 and 11): a slow upload that keeps coming is not cut
 * however long it takes, a client that waits before trickling its headers gets no longer than one
 * that trickles at once, one address cannot hold every connection, and the database is private.
 * The gateway runs with short limits (the same code path) so that no test waits minutes.
 */
const LIMITS: ServerTimeouts = {
  headersMs: 1000,
  bodyIdleMs: 1500,
  keepAliveMs: 400,
  checkIntervalMs: 100,
  maxConnections: 40,
  maxConnectionsPerAddress: 6,
};

let h: Harness;
let port: number;
beforeAll(async () => {
  h = await startHarness({ serverTimeouts: LIMITS });
  port = Number(new URL(h.url).port);
});
afterAll(async () => {
  await h?.close();
});

/** Starts a resumable upload of `size` bytes; the path and query of gemgate's upload URL. */
async function startUpload(size: number): Promise<string> {
  const start = await fetch(`${h.url}/upload/v1beta/files`, {
    method: 'POST',
    headers: {
      'x-goog-api-key': h.token,
      'content-type': 'application/json',
      'x-goog-upload-protocol': 'resumable',
      'x-goog-upload-command': 'start',
      'x-goog-upload-header-content-length': String(size),
      'x-goog-upload-header-content-type': 'application/pdf',
    },
    body: '{}',
  });
  expect(start.status).toBe(200);
  const url = new URL(start.headers.get('x-goog-upload-url')!);
  return `${url.pathname}${url.search}`;
}

describe('uploads time out on idleness, not on their total time', () => {
  it('a chunk trickled over three times the idle limit, never silent that long, is relayed whole', async () => {
    const size = 40 * 1024;
    const target = await startUpload(size);
    const conversation = await connect(port);
    conversation.socket.write(
      `POST ${target} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-goog-api-key: ${h.token}\r\nx-goog-upload-command: upload, finalize\r\nx-goog-upload-offset: 0\r\ncontent-length: ${size}\r\n\r\n`,
    );
    const pieces = 20;
    const started = performance.now();
    for (let i = 0; i < pieces && !conversation.socket.destroyed; i++) {
      conversation.socket.write(Buffer.alloc(size / pieces, 0x25));
      await sleep((LIMITS.bodyIdleMs * 3) / pieces);
    }
    expect(performance.now() - started).toBeGreaterThan(LIMITS.bodyIdleMs * 3);
    expect(await conversation.answered(5000)).toBe(200);
    expect(conversation.received()).toMatch(/x-goog-upload-status: final/i);
    conversation.socket.destroy();
  });

  it('a chunk that stops coming halfway gets a 408 once it has been silent for the idle limit', async () => {
    const target = await startUpload(1024);
    const conversation = await connect(port);
    conversation.socket.write(
      `POST ${target} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-goog-api-key: ${h.token}\r\nx-goog-upload-command: upload, finalize\r\nx-goog-upload-offset: 0\r\ncontent-length: 1024\r\n\r\n${'%'.repeat(100)}`,
    );
    const after = await conversation.closed;
    expect(after).toBeGreaterThanOrEqual(LIMITS.bodyIdleMs - 100);
    expect(after).toBeLessThan(LIMITS.bodyIdleMs + 1500);
    expect([0, 408]).toContain(statusOf(conversation.received()));
  });
});

describe('slow headers and many connections', () => {
  it('a client that connects, waits, then trickles its headers is closed the headers limit after it connected', async () => {
    const conversation = await connect(port);
    await sleep(LIMITS.headersMs * 0.8);
    const trickle = setInterval(() => {
      if (!conversation.socket.destroyed) conversation.socket.write('x');
    }, 50);
    conversation.socket.write(`GET /health HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\nx-slow: `);
    try {
      const after = await conversation.closed;
      expect(after).toBeLessThan(LIMITS.headersMs + 2 * LIMITS.checkIntervalMs + 150);
    } finally {
      clearInterval(trickle);
    }
  });

  it('one address holds at most its share of connections; the rest are closed at once', async () => {
    const conversations = await Promise.all(Array.from({ length: 10 }, () => connect(port)));
    try {
      await sleep(300);
      const open = conversations.filter((conversation) => !conversation.socket.destroyed);
      expect(open).toHaveLength(LIMITS.maxConnectionsPerAddress);
      // Those open still serve.
      open[0]!.socket.write(`GET /health HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
      expect(await open[0]!.answered(2000)).toBe(200);
    } finally {
      for (const conversation of conversations) conversation.socket.destroy();
    }
    await sleep(200);
    // Once they close, the address may connect again.
    const again = await connect(port);
    again.socket.write(`GET /health HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n\r\n`);
    expect(await again.answered(2000)).toBe(200);
    again.socket.destroy();
  });
});

describe('the data folder is private', () => {
  it('gemgate.db, its -wal and -shm are 0600 and the folder 0700, even a folder made 0755 before', () => {
    const parent = tempDataDir('private');
    try {
      const dir = path.join(parent.dir, 'data');
      fs.mkdirSync(dir, { mode: 0o755 });
      fs.chmodSync(dir, 0o755);
      const store = openStore(dir);
      try {
        store.settings.set('resume.enabled', 'false');
        const mode = (file: string) => fs.statSync(path.join(dir, file)).mode & 0o777;
        expect(mode('.')).toBe(0o700);
        for (const file of [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`]) {
          expect(mode(file), file).toBe(0o600);
        }
      } finally {
        store.close();
      }
    } finally {
      parent.cleanup();
    }
  });

  it('a database left world-readable by an older gemgate is made private when opened', () => {
    const data = tempDataDir('private-old');
    try {
      openStore(data.dir).close();
      fs.chmodSync(path.join(data.dir, DATABASE_FILE), 0o644);
      const store = openStore(data.dir);
      try {
        expect(fs.statSync(path.join(data.dir, DATABASE_FILE)).mode & 0o777).toBe(0o600);
      } finally {
        store.close();
      }
    } finally {
      data.cleanup();
    }
  });
});
