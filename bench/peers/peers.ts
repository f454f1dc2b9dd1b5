/**
 * The gateways a user would pick instead of gemgate for OpenAI clients on Gemini, run beside it in
 * bench/gateway.ts against the same emulator. Neither is part of this repository; each is skipped,
 * with a line that says how to get it, when it is not there.
 *
 * - openai-gemini (github.com/PublicAffairs/openai-gemini): a worker-style `fetch` handler, run by
 *   its own Node entry (node.mjs, on @whatwg-node/server as its package.json pins), unchanged; the
 *   only adapter is redirectFetch.ts, which points its calls to Google at the emulator. Its checkout
 *   is BENCH_OPENAI_GEMINI_DIR, or dist/peers/openai-gemini as scripts/bench-peers.sh makes it. It
 *   has no client tokens: the client sends the Gemini key itself.
 * - Portkey's AI gateway (`@portkey-ai/gateway`, a devDependency): its Node server build as its
 *   README runs it (`npx @portkey-ai/gateway`, here with `--port`), sent `x-portkey-provider: google`
 *   and `x-portkey-custom-host` (the emulator) with the Gemini key as the bearer token.
 *
 * Both serve only the OpenAI dialect, so they take part in the two OpenAI requests.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../test/support/cli.js';
import type { Shot } from '../support/load.js';
import { bundleEntry, startServerProcess, type Child } from '../support/processes.js';
import { openaiShots, type ShotName } from '../support/scenario.js';

export interface Peer {
  name: string;
  child: Child;
  shots: Partial<Record<ShotName, Shot>>;
}

export const OPENAI_GEMINI_DIR =
  process.env.BENCH_OPENAI_GEMINI_DIR ?? path.join(REPO_ROOT, 'dist', 'peers', 'openai-gemini');
const PORTKEY_DIR = path.join(REPO_ROOT, 'node_modules', '@portkey-ai', 'gateway');

/** Starts the peers that are present; says for each one that is not why, through `log`. */
export async function startPeers(
  emulatorUrl: string,
  emulatorKey: string,
  log: (line: string) => void,
): Promise<Peer[]> {
  const peers: Peer[] = [];
  const bearer = { authorization: `Bearer ${emulatorKey}` };

  if (fs.existsSync(path.join(OPENAI_GEMINI_DIR, 'node.mjs'))) {
    const redirect = await bundleEntry('bench/peers/redirectFetch.ts');
    const child = await startServerProcess(
      'openai-gemini',
      [process.execPath, '--import', redirect, 'node.mjs'],
      {
        cwd: OPENAI_GEMINI_DIR,
        env: { PORT: '0', PEER_UPSTREAM: emulatorUrl },
        // node.mjs prints `Listening on: { address: '::', family: 'IPv6', port: 41234 }`.
        urlOf: (stdout) => {
          const port = /port: (\d+)/.exec(stdout)?.[1];
          return port && `http://127.0.0.1:${port}`;
        },
      },
    );
    peers.push({ name: `openai-gemini ${commitOf(OPENAI_GEMINI_DIR)}`, child, shots: openaiShots(bearer) });
  } else {
    log(
      `openai-gemini: skipped, no checkout at ${OPENAI_GEMINI_DIR} (scripts/bench-peers.sh makes one from the fetched mirror; or set BENCH_OPENAI_GEMINI_DIR)`,
    );
  }

  const portkeyServer = path.join(PORTKEY_DIR, 'build', 'start-server.js');
  if (fs.existsSync(portkeyServer)) {
    const port = await freePort();
    const child = await startServerProcess('Portkey', [process.execPath, portkeyServer, `--port=${port}`], {
      urlOf: (stdout) => (/Ready for connections/.test(stdout) ? `http://127.0.0.1:${port}` : undefined),
    });
    const { version } = JSON.parse(fs.readFileSync(path.join(PORTKEY_DIR, 'package.json'), 'utf8')) as {
      version: string;
    };
    peers.push({
      name: `Portkey ${version}`,
      child,
      shots: openaiShots({
        ...bearer,
        'x-portkey-provider': 'google',
        'x-portkey-custom-host': emulatorUrl,
      }),
    });
  } else {
    log(`Portkey: skipped, ${portkeyServer} is missing (npm install: it is a devDependency)`);
  }
  return peers;
}

function commitOf(dir: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).trim();
  } catch {
    return '(not a git checkout)';
  }
}

/** A port nobody listens on now, for a server that takes its port only as an argument. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
