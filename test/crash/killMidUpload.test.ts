import Database from 'better-sqlite3';
import http from 'node:http';
import path from 'node:path';
import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { LIFT_ALL_LIMITS, runCli, startServe, type ServeProcess } from '../support/cli.js';
import { tempDataDir } from '../support/dataDir.js';
import { DATABASE_FILE } from '../../proxy/store/database.js';
import { openStore } from '../../proxy/store/openStore.js';

/**
 * `gemgate serve` killed with SIGKILL while a client is in the middle of uploading a file, then
 * started again on the same data folder: files uploaded before are still known with their owning
 * project (and still routed there), the interrupted upload goes on under the id the client holds,
 * from where Gemini says it got to (issue 23, item 10), and the database passes its integrity check.
 */
const env = { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'crash passphrase' };
const MiB = 1024 * 1024;

describe('kill -9 in the middle of an upload, then restart', () => {
  const data = tempDataDir('crash-upload');
  let emulator: Emulator;
  let serve: ServeProcess | undefined;
  let token: string;
  const keys: string[] = [];

  const cli = async (args: string[]) => {
    const result = await runCli(['--data-dir', data.dir, ...args], { env });
    expect(result.code, `gemgate ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    emulator = await startEmulator();
    keys.push(emulator.newKey(), emulator.newKey());
    await cli(['config', 'set', 'upstream.baseUrl', emulator.url]);
    await cli(['keys', 'add', '--account', 'alpha', keys[0]!]);
    await cli(['keys', 'add', '--account', 'beta', keys[1]!]);
    await cli(LIFT_ALL_LIMITS);
    token = (JSON.parse(await cli(['tokens', 'create', 'uploader', '--json'])) as { token: string }).token;
  }, 60_000);

  afterAll(async () => {
    if (serve?.child.exitCode === null) await serve.stop('SIGKILL');
    await emulator?.close();
    data.cleanup();
  });

  it('keeps every ownership a client was told about, and the cut upload goes on where it stopped', async () => {
    serve = await startServe(['--data-dir', data.dir], env);
    const ai = new GoogleGenAI({ apiKey: token, httpOptions: { baseUrl: serve.url } });
    const uploaded = [];
    for (let i = 0; i < 3; i++) {
      uploaded.push(await ai.files.upload({ file: new Blob([`document ${i}`], { type: 'text/plain' }) }));
    }

    // An upload under way: started, one chunk in, the second half sent when the process dies.
    const size = 16 * MiB;
    const start = await fetch(`${serve.url}/upload/v1beta/files`, {
      method: 'POST',
      headers: {
        'x-goog-api-key': token,
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': String(size),
        'x-goog-upload-header-content-type': 'application/pdf',
      },
      body: '{}',
    });
    const sessionUrl = start.headers.get('x-goog-upload-url')!;
    const first = await fetch(sessionUrl, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'x-goog-upload-command': 'upload', 'x-goog-upload-offset': '0' },
      body: new Uint8Array(8 * MiB),
    });
    expect(first.headers.get('x-goog-upload-status')).toBe('active');
    const cut = new Promise<void>((resolve) => {
      const request = http.request(sessionUrl, {
        method: 'POST',
        headers: {
          'x-goog-api-key': token,
          'x-goog-upload-command': 'upload, finalize',
          'x-goog-upload-offset': String(8 * MiB),
          'content-length': String(8 * MiB),
        },
      });
      request.on('error', () => resolve());
      request.on('response', () => resolve());
      request.write(Buffer.alloc(4 * MiB), () => {
        serve!.child.kill('SIGKILL');
      });
    });
    await cut;
    await new Promise<void>((resolve) => {
      if (serve!.child.exitCode !== null || serve!.child.signalCode !== null) resolve();
      else serve!.child.once('exit', () => resolve());
    });

    const db = new Database(path.join(data.dir, DATABASE_FILE));
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    const store = openStore(data.dir);
    const owners = new Map<string, string>();
    /** gemgate project -> the Gemini key of it (one key per account here). */
    const keyOfProject = new Map<string, string>();
    try {
      for (const record of store.keys.list()) {
        const account = store.accounts.get(record.accountId)!.label;
        keyOfProject.set(record.projectId, keys[account === 'alpha' ? 0 : 1]!);
      }
      expect(keyOfProject.size).toBe(2);
      for (const file of uploaded) {
        const owner = store.db
          .prepare('SELECT project_id FROM owned_resources WHERE name = ?')
          .get(file.name) as { project_id: string } | undefined;
        expect(owner, file.name).toBeDefined();
        owners.set(file.name!, owner!.project_id);
      }
    } finally {
      store.close();
    }

    serve = await startServe(['--data-dir', data.dir], env);
    const again = new GoogleGenAI({ apiKey: token, httpOptions: { baseUrl: serve.url } });
    const listed: string[] = [];
    for await (const file of await again.files.list()) listed.push(file.name!);
    expect(listed.sort()).toEqual(uploaded.map((file) => file.name!).sort());
    // Each file is still sent straight to its own project, from the first attempt.
    for (const file of uploaded) {
      const since = emulator.requests.length;
      const answer = await again.models.generateContent({
        model: 'gemini-2.5-flash',
        contents: [{ role: 'user', parts: [{ fileData: { fileUri: file.uri! } }, { text: 'read it' }] }],
      });
      expect(answer.text).toBeTruthy();
      const calls = emulator.requests.slice(since).filter((r) => r.action?.endsWith('enerateContent'));
      expect(calls.map((r) => r.apiKey)).toEqual([keyOfProject.get(owners.get(file.name!)!)]);
    }
    // The same upload id, on the restarted gateway: asked where it got to, then sent the rest.
    const sameSession = new URL(new URL(sessionUrl).pathname + new URL(sessionUrl).search, serve.url);
    const query = await fetch(sameSession, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'x-goog-upload-command': 'query' },
    });
    expect(query.status).toBe(200);
    expect(query.headers.get('x-goog-upload-status')).toBe('active');
    const received = Number(query.headers.get('x-goog-upload-size-received'));
    expect(received).toBeGreaterThanOrEqual(8 * MiB);
    const rest = await fetch(sameSession, {
      method: 'POST',
      headers: {
        'x-goog-api-key': token,
        'x-goog-upload-command': 'upload, finalize',
        'x-goog-upload-offset': String(received),
      },
      body: new Uint8Array(size - received),
    });
    expect(rest.headers.get('x-goog-upload-status')).toBe('final');
    const { file } = (await rest.json()) as { file: { name: string; sizeBytes: string } };
    expect(file.sizeBytes).toBe(String(size));
    const after: string[] = [];
    for await (const listed of await again.files.list()) after.push(listed.name!);
    expect(after).toContain(file.name);
    await serve.stop();
  });
});
