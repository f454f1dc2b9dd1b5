import Database from 'better-sqlite3';
import path from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { LIFT_ALL_LIMITS, runCli, startServe, type ServeProcess } from '../support/cli.js';
import { tempDataDir } from '../support/dataDir.js';
import { openStore } from '../../proxy/store/openStore.js';
import { DATABASE_FILE } from '../../proxy/store/database.js';
import type { AddKeysResponse } from '../../proxy/http/admin/contract.js';

/**
 * Crash safety: `gemgate serve` is killed with SIGKILL while it serves a steady load of both
 * dialects (whole and streamed) and while the dashboard adds keys and changes settings, then
 * started again on the same data folder. The database must pass PRAGMA integrity_check, no key,
 * setting or token may be lost (an acknowledged change included), the keys must still serve, and
 * every request whose client got its whole answer must be in the usage log. Two rounds.
 */
const ROUNDS = 2;
const CONCURRENCY = 12;
const LOAD_MS = 1500;
const TOKENS = 4000;

const env = {
  GEMGATE_SECRET_STORE: 'file',
  GEMGATE_PASSPHRASE: 'crash passphrase',
};

type Kind = 'native whole' | 'native stream' | 'openai whole' | 'openai stream';
const KINDS: Kind[] = ['native whole', 'native stream', 'openai whole', 'openai stream'];

describe('kill -9 under load, then restart', () => {
  const data = tempDataDir('crash');
  let emulator: Emulator;
  let serve: ServeProcess | undefined;
  /** Client tokens, one per request, so that the usage log can be checked request by request. */
  const tokens: Array<{ id: string; token: string }> = [];
  let nextToken = 0;
  const agent = new Agent({ connections: CONCURRENCY * 2, keepAliveTimeout: 1000 });

  const cli = async (args: string[], input?: string) => {
    const result = await runCli(['--data-dir', data.dir, ...args], { env, input });
    expect(result.code, `gemgate ${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result.stdout;
  };

  const keysList = async () =>
    (
      JSON.parse(await cli(['keys', 'list', '--json'])) as Array<{
        id: string;
        account: string;
        state: string;
      }>
    )
      .map(({ id, account, state }) => ({ id, account, state }))
      .sort((a, b) => a.id.localeCompare(b.id));

  beforeAll(async () => {
    emulator = await startEmulator();
    await cli(['config', 'set', 'upstream.baseUrl', emulator.url]);
    await cli(['config', 'set', 'resume.maxAttempts', '4']);
    await cli(['keys', 'add', '--account', 'alpha', emulator.newKey(), emulator.newKey()]);
    await cli(['keys', 'add', '--account', 'beta', '--tier', 'backup'], `${emulator.newKey()}\n`);
    await cli(LIFT_ALL_LIMITS);
    const store = openStore(data.dir);
    try {
      store.db.transaction(() => {
        for (let i = 0; i < TOKENS; i++) {
          const { record, token } = store.tokens.create(`load-${i}`);
          tokens.push({ id: record.id, token });
        }
      })();
    } finally {
      store.close();
    }
  }, 60_000);

  afterAll(async () => {
    if (serve?.child.exitCode === null) await serve.stop('SIGKILL');
    await agent.close();
    await emulator?.close();
    data.cleanup();
  });

  /** One request of a kind; resolves with whether the client got the whole answer. */
  async function one(kind: Kind, token: string): Promise<boolean> {
    const contents = [{ role: 'user', parts: [{ text: `crash test ${kind}` }] }];
    const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: `crash test ${kind}` }] };
    const target = {
      'native whole': { path: '/v1beta/models/gemini-2.5-flash:generateContent', body: { contents } },
      'native stream': {
        path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
        body: { contents },
      },
      'openai whole': { path: '/v1/chat/completions', body: chat },
      'openai stream': { path: '/v1/chat/completions', body: { ...chat, stream: true } },
    }[kind];
    try {
      const response = await request(`${serve!.url}${target.path}`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(target.body),
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) return false;
      switch (kind) {
        case 'native whole':
          return (
            (JSON.parse(text) as { candidates: Array<{ finishReason?: string }> }).candidates[0]
              ?.finishReason === 'STOP'
          );
        case 'native stream':
          return /"finishReason":\s*"STOP"/.test(text.trimEnd().split('\n').at(-1) ?? '');
        case 'openai whole':
          return (
            (JSON.parse(text) as { choices: Array<{ finish_reason: string }> }).choices[0]?.finish_reason ===
            'stop'
          );
        case 'openai stream':
          return text.trimEnd().endsWith('data: [DONE]');
      }
    } catch {
      return false; // cut by the kill
    }
  }

  async function signIn(server: ServeProcess): Promise<string> {
    const login = new URL(server.loginUrl).searchParams.get('token')!;
    const response = await request(`${server.url}/admin/api/login`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'x-gemgate-admin': '1' },
      body: JSON.stringify({ token: login }),
    });
    await response.body.dump();
    expect(response.statusCode).toBe(204);
    return String(response.headers['set-cookie']).split(';')[0]!;
  }

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: everything acknowledged before the kill survives it`, async () => {
      serve = await startServe(['--data-dir', data.dir], env);
      const cookie = await signIn(serve);
      const keysBefore = await keysList();
      const completed: Array<{ id: string; kind: Kind }> = [];
      let stop = false;

      // The load: CONCURRENCY clients, each request with a token of its own.
      const clients = Array.from({ length: CONCURRENCY }, async (_, c) => {
        for (let i = 0; !stop; i++) {
          const kind = KINDS[(c + i) % KINDS.length]!;
          const { id, token } = tokens[nextToken++ % TOKENS]!;
          if (await one(kind, token)) completed.push({ id, kind });
        }
      });
      // The dashboard, meanwhile: keys added and a setting changed, each acknowledged or not.
      const addedKeys: string[] = [];
      let stallTimeout = 0;
      let stallTimeoutSent = 0;
      const dashboard = (async () => {
        for (let i = 0; !stop; i++) {
          try {
            const key = emulator.newKey();
            const added = await request(`${serve!.url}/admin/api/keys`, {
              method: 'POST',
              dispatcher: agent,
              headers: { cookie, 'x-gemgate-admin': '1', 'content-type': 'application/json' },
              body: JSON.stringify({ account: `dash-${round}`, keys: [key] }),
            });
            const body = (await added.body.json()) as AddKeysResponse;
            if (added.statusCode === 201 && body.added[0]) addedKeys.push(body.added[0].key.id);
            const value = 30_000 + round * 1000 + i;
            stallTimeoutSent = value;
            const set = await request(`${serve!.url}/admin/api/settings/resume.stallTimeoutMs`, {
              method: 'PUT',
              dispatcher: agent,
              headers: { cookie, 'x-gemgate-admin': '1', 'content-type': 'application/json' },
              body: JSON.stringify({ value }),
            });
            await set.body.dump();
            if (set.statusCode === 200) stallTimeout = value;
          } catch {
            return; // cut by the kill
          }
        }
      })();

      await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
      serve.child.kill('SIGKILL');
      stop = true;
      await Promise.all([...clients, dashboard]);
      await serve.stop();
      expect(completed.length, 'the load must have completed requests before the kill').toBeGreaterThan(50);
      expect(addedKeys.length, 'the dashboard must have added keys before the kill').toBeGreaterThan(0);

      // The database file as the crash left it (the WAL is replayed on open).
      const crashed = new Database(path.join(data.dir, DATABASE_FILE));
      try {
        expect(crashed.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(crashed.pragma('foreign_key_check')).toEqual([]);
      } finally {
        crashed.close();
      }

      // Nothing acknowledged is lost: keys (with the dashboard's), settings, tokens.
      const keysAfter = await keysList();
      for (const key of keysBefore) expect(keysAfter).toContainEqual(key);
      for (const id of addedKeys) expect(keysAfter.map((key) => key.id)).toContain(id);
      expect((await cli(['config', 'get', 'resume.maxAttempts'])).trim()).toBe('4');
      // The last acknowledged value, or the one in flight when the kill came (written, not yet answered).
      if (stallTimeout) {
        const stored = Number((await cli(['config', 'get', 'resume.stallTimeoutMs'])).trim());
        expect([stallTimeout, stallTimeoutSent]).toContain(stored);
      }
      expect((JSON.parse(await cli(['tokens', 'list', '--json'])) as unknown[]).length).toBe(TOKENS);

      // Restarted, it serves again, with the keys it had (the secret store opens, every key answers).
      serve = await startServe(['--data-dir', data.dir], env);
      const usedKeys = new Set<string>();
      for (let i = 0; i < keysAfter.length * 3; i++) {
        const response = await request(`${serve.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', 'x-goog-api-key': tokens[0]!.token },
          body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'after the crash' }] }] }),
        });
        await response.body.dump();
        expect(response.statusCode).toBe(200);
        usedKeys.add(String(response.headers['x-gemgate-key-id']));
      }
      const primaries = keysAfter.filter((key) => key.account !== 'beta').map((key) => key.id);
      for (const id of primaries) expect(usedKeys, `key ${id} serves after the restart`).toContain(id);
      await serve.stop();

      // Every request whose client got its whole answer is in the usage log: rows the killed gateway
      // had only in its crash journal were moved into the log when it started again.
      const db = new Database(path.join(data.dir, DATABASE_FILE));
      try {
        const logged = new Set(
          (
            db.prepare('SELECT client_id FROM usage_requests WHERE status = 200').all() as Array<{
              client_id: string;
            }>
          ).map((row) => row.client_id),
        );
        const missing = completed.filter(({ id }) => !logged.has(id));
        expect(
          missing.length,
          `${missing.length} of ${completed.length} completed requests are missing from the usage log, e.g. ${JSON.stringify(missing.slice(0, 3))}`,
        ).toBe(0);
      } finally {
        db.close();
      }
    }, 90_000);
  }
});
