import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults, startEmulator, type Emulator, type Fault } from '../emulator/index.js';
import { LIFT_ALL_LIMITS, runCli, startServe, type CliResult, type ServeProcess } from '../support/cli.js';
import { readTree, tempDataDir } from '../support/dataDir.js';
import { rawRequest } from '../support/http.js';
import { chatFaults, startOpenAIEmulator, type OpenAIEmulator } from '../emulator-openai/index.js';

/**
 * A Gemini key must never leave the secret store in clear: not in the logs, the database, a
 * backup, an error message or any API answer. Canary keys (made at run time) go through a whole
 * session of `gemgate serve` (the real process, file secret store, debug logging): every client
 * route of both dialects, streamed and whole; upstream errors whose messages quote the key; a key
 * turning invalid, a leaked one, rate limits, cut streams; the CLI (keys, usage, backup) and the
 * dashboard's admin API (keys, tokens, usage, events, backup export and import). Then everything
 * is searched: answers and headers, serve's stdout and stderr, the CLI's output, every file in the
 * data folder and the backups.
 */
describe('keys never leak', () => {
  const data = tempDataDir('key-leak');
  const backups = tempDataDir('key-leak-backups');
  const env = {
    GEMGATE_DATA_DIR: data.dir,
    GEMGATE_SECRET_STORE: 'file',
    GEMGATE_PASSPHRASE: 'key leak passphrase',
    GEMGATE_BACKUP_PASSPHRASE: 'backup passphrase for the leak test',
    GEMGATE_LOG_LEVEL: 'debug',
  };
  const seen: string[] = [];
  let emulator: Emulator;
  let qwen: OpenAIEmulator;
  let serve: ServeProcess;
  let token: string;
  let canaries: string[];
  let cookie = '';

  const cli = async (args: string[], input?: string): Promise<CliResult> => {
    const result = await runCli(args, { env, input, timeoutMs: 30_000 });
    // Only what gemgate printed: the command line itself carries the keys being added.
    seen.push(`$ gemgate ${args.slice(0, 2).join(' ')}\n${result.stdout}\n${result.stderr}`);
    return result;
  };

  async function call(
    method: string,
    route: string,
    options: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; text: string }> {
    const response = await rawRequest(`${serve.url}${route}`, {
      method,
      headers: {
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined
        ? {}
        : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    });
    seen.push(
      `${method} ${route} -> ${response.status}\n${JSON.stringify(response.headers)}\n${response.body}`,
    );
    return { status: response.status, text: response.body };
  }
  const client = (method: string, route: string, body?: unknown) =>
    call(method, route, { body, headers: { authorization: `Bearer ${token}` } });
  const native = (route: string, body?: unknown) =>
    call(body === undefined ? 'GET' : 'POST', route, { body, headers: { 'x-goog-api-key': token } });
  const admin = (method: string, route: string, body?: unknown) =>
    call(method, `/admin/api${route}`, { body, headers: { cookie, 'x-gemgate-admin': '1' } });

  const quoting = (status: number, grpc: string): Fault => ({
    kind: 'http',
    status,
    body: (ctx) => ({
      error: { code: status, message: `Request with key ${ctx.apiKey} failed.`, status: grpc },
    }),
  });

  beforeAll(async () => {
    emulator = await startEmulator();
    canaries = Array.from({ length: 4 }, () => emulator.newKey());
    const [k1, k2, k3] = canaries as [string, string, string, string];
    expect((await cli(['config', 'set', 'upstream.baseUrl', emulator.url])).code).toBe(0);
    expect((await cli(['keys', 'add', '--account', 'alpha', k1, k2])).code).toBe(0);
    expect((await cli(['keys', 'add', '--account', 'beta', '--tier', 'backup'], `${k3}\n`)).code).toBe(0);
    // Another provider's keys (sk-…), in two accounts: the same care applies to them.
    qwen = await startOpenAIEmulator();
    const providerKeys = [qwen.newKey(), qwen.newKey(), qwen.newKey()];
    canaries.push(...providerKeys);
    expect((await cli(['providers', 'add', 'qwen', '--base-url', qwen.baseUrl])).code).toBe(0);
    expect(
      (await cli(['keys', 'add', '--provider', 'qwen', '--account', 'aliyun-a'], `${providerKeys[0]}\n`))
        .code,
    ).toBe(0);
    expect(
      (await cli(['keys', 'add', '--provider', 'qwen', '--account', 'aliyun-b', providerKeys[1]!])).code,
    ).toBe(0);
    await cli(LIFT_ALL_LIMITS);
    token = (JSON.parse((await cli(['tokens', 'create', 'leak-test', '--json'])).stdout) as { token: string })
      .token;
    serve = await startServe([], env);
    const login = new URL(serve.loginUrl).searchParams.get('token')!;
    const signedIn = await rawRequest(`${serve.url}/admin/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gemgate-admin': '1' },
      body: JSON.stringify({ token: login }),
    });
    expect(signedIn.status).toBe(204);
    cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
  }, 60_000);

  afterAll(async () => {
    await serve?.stop();
    await emulator?.close();
    await qwen?.close();
    data.cleanup();
    backups.cleanup();
  });

  it('drives every route and error path', async () => {
    const contents = [{ role: 'user', parts: [{ text: 'hello' }] }];
    const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hello' }] };
    const ok = async (promise: Promise<{ status: number }>) => expect((await promise).status).toBe(200);

    // The happy paths of both dialects.
    await ok(native('/v1beta/models/gemini-2.5-flash:generateContent', { contents }));
    await ok(native('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', { contents }));
    await ok(native('/v1beta/models/gemini-2.5-flash:streamGenerateContent', { contents }));
    await ok(native('/v1/models/gemini-2.5-flash:generateContent', { contents }));
    await ok(native('/v1beta/models/gemini-2.5-flash:countTokens', { contents }));
    await ok(
      native('/v1beta/models/text-embedding-004:embedContent', { content: { parts: [{ text: 'x' }] } }),
    );
    await ok(
      native('/v1beta/models/text-embedding-004:batchEmbedContents', {
        requests: [{ model: 'models/text-embedding-004', content: { parts: [{ text: 'x' }] } }],
      }),
    );
    await ok(native('/v1beta/models'));
    await ok(native('/v1beta/models/gemini-2.5-flash'));
    await ok(client('POST', '/v1/chat/completions', chat));
    await ok(
      client('POST', '/v1/chat/completions', {
        ...chat,
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    await ok(client('POST', '/v1/embeddings', { model: 'text-embedding-004', input: ['a', 'b'] }));
    await ok(
      client('POST', '/v1/embeddings', {
        model: 'text-embedding-004',
        input: 'a',
        encoding_format: 'base64',
      }),
    );
    await ok(client('POST', '/v1/responses', { model: 'gemini-2.5-flash', input: 'hello', store: true }));
    await ok(client('POST', '/v1/responses', { model: 'gemini-2.5-flash', input: 'hello', stream: true }));
    await ok(client('GET', '/v1/models'));
    await ok(client('GET', '/v1/models/gemini-2.5-flash'));
    const message = {
      model: 'gemini-2.5-flash',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'hi' }],
    };
    await ok(client('POST', '/v1/messages', message));
    await ok(client('POST', '/v1/messages?beta=true', { ...message, stream: true }));
    await ok(client('POST', '/v1/messages/count_tokens', message));

    // The Files API and caches: a resumable upload (its session URL is gemgate's own), a multipart
    // one, the files' list and lookups, a cache Gemini refuses, and a file used in a generate call.
    const started = await rawRequest(`${serve.url}/upload/v1beta/files`, {
      method: 'POST',
      headers: {
        'x-goog-api-key': token,
        'content-type': 'application/json',
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': '11',
        'x-goog-upload-header-content-type': 'text/plain',
      },
      body: '{"file":{"displayName":"leak.txt"}}',
    });
    seen.push(`upload start -> ${started.status}\n${JSON.stringify(started.headers)}\n${started.body}`);
    const session = new URL(String(started.headers['x-goog-upload-url']));
    const finished = await call('POST', `${session.pathname}${session.search}`, {
      body: 'hello files',
      headers: {
        'x-goog-api-key': token,
        'x-goog-upload-command': 'upload, finalize',
        'x-goog-upload-offset': '0',
      },
    });
    expect(finished.status).toBe(200);
    const uploaded = (JSON.parse(finished.text) as { file: { name: string; uri: string } }).file;
    await call('POST', `${session.pathname}${session.search}`, {
      headers: { 'x-goog-api-key': token, 'x-goog-upload-command': 'query' },
    });
    await call('POST', '/upload/v1beta/files', {
      body: `--b\r\nContent-Type: application/json\r\n\r\n{}\r\n--b\r\nContent-Type: text/plain\r\n\r\nbytes\r\n--b--`,
      headers: {
        'x-goog-api-key': token,
        'x-goog-upload-protocol': 'multipart',
        'content-type': 'multipart/related; boundary=b',
      },
    });
    await ok(native('/v1beta/files'));
    await ok(native(`/v1beta/${uploaded.name}`));
    await native(`/v1beta/${uploaded.name}:download?alt=media`);
    await ok(
      native('/v1beta/models/gemini-2.5-flash:generateContent', {
        contents: [{ role: 'user', parts: [{ fileData: { fileUri: uploaded.uri } }, { text: 'read' }] }],
      }),
    );
    await native('/v1beta/cachedContents', { model: 'models/gemini-2.5-flash', contents });
    await ok(native('/v1beta/cachedContents'));

    // Upstream errors that quote the key, refused at once (400) or after failing over (500, 503).
    for (const [status, grpc] of [
      [400, 'INVALID_ARGUMENT'],
      [500, 'INTERNAL'],
      [503, 'UNAVAILABLE'],
    ] as const) {
      for (let i = 0; i < 8; i++) emulator.injectFault(quoting(status, grpc));
      await native('/v1beta/models/gemini-2.5-flash:generateContent', { contents });
      for (let i = 0; i < 8; i++) emulator.injectFault(quoting(status, grpc));
      await client('POST', '/v1/chat/completions', { ...chat, stream: true });
      for (let i = 0; i < 8; i++) emulator.injectFault(quoting(status, grpc));
      await client('POST', '/v1/responses', { model: 'gemini-2.5-flash', input: 'hello', stream: true });
      for (let i = 0; i < 8; i++) emulator.injectFault(quoting(status, grpc));
      await native('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', { contents });
      while (emulator.pendingFaults() > 0)
        await native('/v1beta/models/gemini-2.5-flash:generateContent', { contents });
    }

    // Cut streams resumed, rate limits, bad requests.
    emulator.injectFault(faults.cut(40));
    await ok(native('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', { contents }));
    emulator.injectFault(faults.endWithoutFinish(30));
    await ok(client('POST', '/v1/chat/completions', { ...chat, stream: true }));
    emulator.injectFault(faults.rateLimit({ retryDelay: '1s' }));
    await native('/v1beta/models/gemini-2.5-flash:generateContent', { contents });
    await native('/v1beta/models/gemini-2.5-flash:generateContent', { contents: 'not contents' });
    await client('POST', '/v1/chat/completions', { model: 'gemini-2.5-flash', messages: [] });
    await client('POST', '/v1/chat/completions', { ...chat, model: 'no-such-model' });

    // A key turning invalid, another reported leaked: disabled, logged, shown in events.
    emulator.setKeyState(canaries[1]!, 'invalid');
    emulator.setKeyState(canaries[0]!, 'leaked');
    for (let i = 0; i < 4; i++) await native('/v1beta/models/gemini-2.5-flash:generateContent', { contents });
    emulator.setKeyState(canaries[0]!, 'valid');
    emulator.setKeyState(canaries[1]!, 'valid');

    // Another provider: both ways, errors that quote the key (refused at once, or after failing
    // over), a rate limit, a cut stream continued, a key turning invalid.
    const qwenChat = { model: 'qwen/qwen-plus', messages: [{ role: 'user', content: 'hello' }] };
    await ok(client('POST', '/v1/chat/completions', qwenChat));
    await ok(client('POST', '/v1/chat/completions', { ...qwenChat, stream: true }));
    for (const [status, code] of [
      [400, 'InvalidParameter'],
      [500, 'InternalError'],
      [401, 'InvalidApiKey'],
    ] as const) {
      for (let i = 0; i < 3; i++) qwen.injectFault(chatFaults.quoting(status, code));
      await client('POST', '/v1/chat/completions', { ...qwenChat, stream: true });
      qwen.reset();
    }
    // The 401s took qwen's keys out of the pool: put them back, as a user would.
    const listed = JSON.parse((await cli(['keys', 'list', '--json'])).stdout) as Array<{
      id: string;
      provider: string;
      state: string;
    }>;
    for (const key of listed.filter((entry) => entry.provider === 'qwen' && entry.state !== 'active')) {
      await cli(['keys', 'enable', key.id]);
    }
    // A running gateway picks changes made by the CLI up within a second.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    qwen.injectFault(chatFaults.rateLimit({ retryAfterSeconds: 1 }));
    await client('POST', '/v1/chat/completions', qwenChat);
    qwen.injectFault(chatFaults.cut(30));
    await ok(client('POST', '/v1/chat/completions', { ...qwenChat, stream: true }));
    qwen.setKeyState(canaries[5]!, 'invalid');
    for (let i = 0; i < 3; i++) await client('POST', '/v1/chat/completions', qwenChat);
    qwen.setKeyState(canaries[5]!, 'valid');
    await native('/v1beta/models/qwen-plus:generateContent', { contents });

    // The CLI.
    await cli(['providers', 'list', '--json']);
    await cli(['providers', 'list']);
    await cli(['keys', 'list', '--json']);
    await cli(['keys', 'list']);
    await cli(['keys', 'check']);
    await cli(['usage', '--json', '--requests', '50']);
    await cli(['tokens', 'list']);
    await cli(['config', 'list']);
    const cliBackup = path.join(backups.dir, 'cli-backup.json');
    expect((await cli(['backup', 'export', cliBackup])).code).toBe(0);
    await cli(['backup', 'import', cliBackup, '--dry-run']);

    // The dashboard's admin API.
    for (const route of [
      '/overview',
      '/files',
      '/accounts',
      '/tokens',
      '/settings',
      '/events',
      '/usage',
      '/requests',
      '/prices',
      '/backup',
    ]) {
      expect((await admin('GET', route)).status, route).toBe(200);
    }
    expect((await admin('POST', '/keys', { account: 'gamma', keys: [canaries[3]!] })).status).toBe(201);
    expect((await admin('GET', '/providers')).status).toBe(200);
    expect(
      (await admin('POST', '/keys', { account: 'aliyun-c', provider: 'qwen', keys: [canaries[6]!] })).status,
    ).toBe(201);
    await admin('POST', '/keys', { account: 'aliyun-c', provider: 'qwen', keys: [`sk-${'9'.repeat(32)}`] });
    await admin('POST', '/keys', { account: 'gamma', keys: [canaries[3]!, 'AIza-not-a-key'] });
    await admin('POST', '/keys/check');
    const exported = await admin('POST', '/backup/export', { passphrase: 'dashboard backup passphrase' });
    expect(exported.status).toBe(200);
    fs.writeFileSync(path.join(backups.dir, 'dashboard-backup.json'), exported.text);
    const imported = await admin('POST', '/backup/import', {
      passphrase: 'dashboard backup passphrase',
      data: exported.text,
      mode: 'merge',
      dryRun: true,
    });
    expect(imported.status).toBe(200);
    await admin('GET', '/overview');
    await call('GET', '/', { headers: { cookie } });
  }, 120_000);

  it('finds no key anywhere: answers, logs, CLI output, data folder, backups', async () => {
    await serve.stop();
    const { stdout, stderr } = serve.output();
    const texts: Array<[string, string]> = [
      ['answers and CLI output', seen.join('\n')],
      ['serve stdout', stdout],
      ['serve stderr (logs)', stderr],
    ];
    expect(stderr.length, 'debug logging should have produced logs').toBeGreaterThan(1000);
    const files = [...readTree(data.dir), ...readTree(backups.dir)];
    expect(files.map(([file]) => path.basename(file))).toEqual(expect.arrayContaining(['cli-backup.json']));
    for (const key of canaries) {
      const forms = [
        key,
        key.slice(6, 30),
        Buffer.from(key).toString('base64'),
        Buffer.from(key).toString('hex'),
      ];
      for (const [where, text] of texts) {
        for (const form of forms)
          expect(text.includes(form), `${where} holds a canary key (${form.slice(0, 6)}…)`).toBe(false);
      }
      for (const [file, bytes] of files) {
        for (const form of forms) {
          expect(
            bytes.includes(Buffer.from(form)),
            `${path.relative(data.dir, file)} holds a canary key`,
          ).toBe(false);
          expect(bytes.includes(Buffer.from(form, 'utf16le')), `${file} holds a canary key (UTF-16)`).toBe(
            false,
          );
        }
      }
    }
  });
});
