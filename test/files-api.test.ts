import { GoogleGenAI, type File as GeminiFile } from '@google/genai';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { faults } from './emulator/index.js';
import { openStore, type Store } from '../proxy/store/openStore.js';
import { rawRequest } from './support/http.js';
import { readUsageRows } from './support/usageLog.js';

/**
 * The Files API and cachedContents through gemgate, with the real @google/genai SDK (and the openai
 * SDK for the OpenAI dialect) on a pool of three projects: a file, and a cache, belong to the project
 * whose key created them, and every later request naming them goes there and nowhere else.
 */
const MiB = 1024 * 1024;
const MODEL = 'gemini-2.5-flash';

function patterned(size: number, seed: number): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 131 + seed * 7 + (i >> 12)) & 0xff;
  return out;
}

describe('Files API and cachedContents through a pool of three projects', () => {
  let h: Harness;
  let ai: GoogleGenAI;
  let otherToken: string;
  let store: Store;
  /** Gemini key -> gemgate project, for reading the emulator's log. */
  const projectOfKey = new Map<string, string>();
  let file: GeminiFile;
  let bigFile: GeminiFile;

  beforeAll(async () => {
    h = await startHarness({ accounts: { a: { keys: 1 }, b: { keys: 1 }, c: { keys: 1 } } });
    ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
    otherToken = h.gateway.createClientToken('someone else').token;
    store = openStore(h.dataDir);
    for (const keys of Object.values(h.keys)) {
      for (const { id, key } of keys) projectOfKey.set(key, store.keys.get(id)!.projectId);
    }
  });
  afterAll(async () => {
    store.close();
    await h.close();
  });

  const ownerOf = (name: string) => store.ownedResources.get(name)?.projectId;
  const projectOfKeyId = (keyId: string) => store.keys.get(keyId)?.projectId;
  /** The projects the emulator served `action` for since request number `since`. */
  const projectsServing = (since: number, actions: string[]) =>
    new Set(
      h.emulator.requests
        .slice(since)
        .filter((r) => actions.includes(r.action ?? ''))
        .map((r) => projectOfKey.get(r.apiKey ?? '')),
    );
  const withFile = (uri: string, text: string) => [
    { role: 'user', parts: [{ fileData: { fileUri: uri, mimeType: 'application/pdf' } }, { text }] },
  ];

  it('uploads a few MB in one request, and 30 MB in 8 MiB chunks streamed to one project', async () => {
    const small = patterned(3 * MiB, 1);
    let since = h.emulator.requests.length;
    file = await ai.files.upload({
      file: new Blob([new Uint8Array(small)], { type: 'application/pdf' }),
      config: { displayName: 'small.pdf' },
    });
    expect(file).toMatchObject({
      displayName: 'small.pdf',
      sizeBytes: String(small.length),
      state: 'ACTIVE',
    });
    expect(projectsServing(since, ['files.upload'])).toEqual(new Set([ownerOf(file.name!)]));

    const big = patterned(30 * MiB, 2);
    since = h.emulator.requests.length;
    bigFile = await ai.files.upload({ file: new Blob([new Uint8Array(big)], { type: 'application/pdf' }) });
    expect(bigFile.sizeBytes).toBe(String(big.length));
    const upstream = h.emulator.requests.slice(since).filter((r) => r.action === 'files.upload');
    expect(upstream.map((r) => r.headers['x-goog-upload-command'])).toEqual([
      'start',
      'upload',
      'upload',
      'upload',
      'upload, finalize',
    ]);
    // Every command went to the same project's session, with that project's own key.
    expect(projectsServing(since, ['files.upload'])).toEqual(new Set([ownerOf(bigFile.name!)]));
    expect(upstream.slice(1).every((r) => r.query.upload_id === upstream[1]!.query.upload_id)).toBe(true);
    // The bytes arrived whole and in order: Google's hash of them is the hash of what was sent.
    const { createHash } = await import('node:crypto');
    expect(bigFile.sha256Hash).toBe(createHash('sha256').update(big).digest('base64'));
    // One row in the request log per finished upload, with the key that served it.
    await expect
      .poll(() => readUsageRows(h.dataDir).filter((row) => row.endpoint === 'files.upload').length)
      .toBe(2);
    const rows = readUsageRows(h.dataDir).filter((row) => row.endpoint === 'files.upload');
    expect(rows.map((row) => [row.status, row.outcome, row.dialect])).toEqual([
      [200, 'ok', 'gemini'],
      [200, 'ok', 'gemini'],
    ]);
    expect(rows.map((row) => projectOfKeyId(String(row.key_id)))).toEqual([
      ownerOf(file.name!),
      ownerOf(bigFile.name!),
    ]);
  });

  it('answers the start with an upload URL on gemgate itself that names neither Gemini’s session nor a key', async () => {
    const start = await fetch(`${h.url}/upload/v1beta/files`, {
      method: 'POST',
      headers: {
        'x-goog-api-key': h.token,
        'content-type': 'application/json',
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': '5',
        'x-goog-upload-header-content-type': 'text/plain',
      },
      body: JSON.stringify({ file: { displayName: 'five' } }),
    });
    expect(start.status).toBe(200);
    const url = new URL(start.headers.get('x-goog-upload-url')!);
    expect(url.origin).toBe(h.url);
    expect(url.pathname).toBe('/upload/v1beta/files');
    const upstreamId = h.emulator.requests.at(-1)!;
    expect(upstreamId.action).toBe('files.upload');
    expect(start.headers.get('x-goog-upload-status')).toBe('active');
    const everything = `${[...start.headers].join('\n')}\n${await start.text()}`;
    for (const key of projectOfKey.keys()) expect(everything).not.toContain(key);
    expect(everything).not.toContain(h.emulator.url);

    // Another client's token cannot use the session, and trying changes nothing.
    const chunk = (token: string, command: string, body?: string, offset = 0) =>
      fetch(url, {
        method: 'POST',
        headers: {
          'x-goog-api-key': token,
          'x-goog-upload-command': command,
          'x-goog-upload-offset': String(offset),
        },
        ...(body === undefined ? {} : { body }),
      });
    const stolen = await chunk(otherToken, 'upload, finalize', 'stole');
    expect(stolen.status).toBe(404);
    expect(await stolen.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    // A wrong offset is Gemini's 400, relayed, and the session is still there.
    const wrong = await chunk(h.token, 'upload, finalize', 'hello', 3);
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    const query = await chunk(h.token, 'query');
    expect(query.headers.get('x-goog-upload-size-received')).toBe('0');
    const done = await chunk(h.token, 'upload, finalize', 'hello');
    expect(done.headers.get('x-goog-upload-status')).toBe('final');
    const { file: five } = (await done.json()) as { file: { name: string; sizeBytes: string } };
    expect(five.sizeBytes).toBe('5');
    // Finished: the id means nothing any more; so an unknown one.
    expect((await chunk(h.token, 'query')).status).toBe(404);
    const unknown = await fetch(`${h.url}/upload/v1beta/files?upload_id=nope&upload_protocol=resumable`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token, 'x-goog-upload-command': 'query' },
    });
    expect(unknown.status).toBe(404);
    // Over Gemini's 2 GB a file: its own 400, relayed, before a byte is sent.
    const tooBig = await fetch(`${h.url}/upload/v1beta/files`, {
      method: 'POST',
      headers: {
        'x-goog-api-key': h.token,
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': String(3 * 1024 ** 3),
      },
      body: '{}',
    });
    expect(tooBig.status).toBe(400);
    expect(await tooBig.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    // Without a token: 401, like every route.
    expect((await fetch(url, { method: 'POST', headers: { 'x-goog-upload-command': 'query' } })).status).toBe(
      401,
    );
    await ai.files.delete({ name: five.name });
  });

  it('takes the one-request multipart form (generative-ai-js) and records its owner', async () => {
    const boundary = 'gemgate-test-boundary';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${JSON.stringify({ file: { mimeType: 'text/plain', displayName: 'legacy' } })}\r\n--${boundary}\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      Buffer.from('multipart bytes'),
      Buffer.from(`\r\n--${boundary}--`),
    ]);
    const response = await fetch(`${h.url}/upload/v1beta/files`, {
      method: 'POST',
      headers: {
        'x-goog-api-key': h.token,
        'x-goog-upload-protocol': 'multipart',
        'content-type': `multipart/related; boundary=${boundary}`,
      },
      body,
    });
    expect(response.status).toBe(200);
    const { file: legacy } = (await response.json()) as { file: { name: string; displayName: string } };
    expect(legacy.displayName).toBe('legacy');
    expect(ownerOf(legacy.name)).toBeDefined();
    expect((await ai.files.get({ name: legacy.name })).sizeBytes).toBe('15');
    await ai.files.delete({ name: legacy.name });
  });

  it('sends every request naming the file to its project only: whole, streamed, counted, and resumed after a cut', async () => {
    const owner = ownerOf(bigFile.name!);
    const ownerKey = [...projectOfKey].find(([, project]) => project === owner)![0];
    const since = h.emulator.requests.length;
    for (let i = 0; i < 4; i++) {
      const answer = await ai.models.generateContent({
        model: MODEL,
        contents: withFile(bigFile.uri!, `turn ${i}`),
      });
      expect(answer.text).toBeTruthy();
    }
    const counted = await ai.models.countTokens({ model: MODEL, contents: withFile(bigFile.uri!, 'count') });
    expect(counted.totalTokens).toBeGreaterThan(0);
    // The stream is cut after 40 characters; the continuation must go to the owner too.
    h.emulator.injectFault(faults.cut(40), { key: ownerKey });
    const stream = await ai.models.generateContentStream({
      model: MODEL,
      contents: withFile(bigFile.uri!, 'stream it'),
    });
    let text = '';
    for await (const chunk of stream) text += chunk.text ?? '';
    expect(text).toBe(h.emulator.expectedAnswer({ contents: withFile(bigFile.uri!, 'stream it') } as never));
    expect(h.emulator.pendingFaults()).toBe(0);
    const served = h.emulator.requests
      .slice(since)
      .filter((r) => ['generateContent', 'streamGenerateContent', 'countTokens'].includes(r.action ?? ''));
    expect(served.length).toBeGreaterThanOrEqual(7);
    expect(new Set(served.map((r) => projectOfKey.get(r.apiKey!)))).toEqual(new Set([owner]));
    expect(served.every((r) => r.ended === 'finished' || r.action === 'streamGenerateContent')).toBe(true);
  });

  it('answers OpenAI chat naming the file’s URI from the same project', async () => {
    const openai = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1` });
    const since = h.emulator.requests.length;
    const completion = await openai.chat.completions.create({
      model: MODEL,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'what is in this file?' },
            { type: 'file', file: { file_id: file.name! } },
          ],
        },
      ],
    });
    expect(completion.choices[0]!.message.content).toBeTruthy();
    expect(projectsServing(since, ['streamGenerateContent'])).toEqual(new Set([ownerOf(file.name!)]));
  });

  it('refuses a request naming files of two projects with a clear 400, before calling anyone', async () => {
    let second = file;
    for (let i = 0; i < 5 && ownerOf(second.name!) === ownerOf(file.name!); i++) {
      second = await ai.files.upload({ file: new Blob([`another ${i}`], { type: 'text/plain' }) });
    }
    expect(ownerOf(second.name!)).not.toBe(ownerOf(file.name!));
    const since = h.emulator.requests.length;
    const response = await fetch(`${h.url}/v1beta/models/${MODEL}:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
      body: JSON.stringify({
        contents: [
          {
            role: 'user',
            parts: [
              { fileData: { fileUri: file.uri } },
              { fileData: { fileUri: second.uri } },
              { text: 'compare' },
            ],
          },
        ],
      }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: 400, status: 'INVALID_ARGUMENT', message: expect.stringMatching(/different projects/) },
    });
    expect(h.emulator.requests.length).toBe(since);
  });

  it('answers 429 with Retry-After when the owner is cooling down, instead of a 403 from another project', async () => {
    const owner = ownerOf(file.name!);
    const ownerKey = [...projectOfKey].find(([, project]) => project === owner)![0];
    h.emulator.injectFault(faults.rateLimit({ retryDelay: '30s' }), {
      key: ownerKey,
      model: 'gemini-2.5-pro',
    });
    const since = h.emulator.requests.length;
    const ask = () =>
      fetch(`${h.url}/v1beta/models/gemini-2.5-pro:generateContent`, {
        method: 'POST',
        headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
        body: JSON.stringify({ contents: withFile(file.uri!, 'while cooling') }),
      });
    for (const attempt of [await ask(), await ask()]) {
      expect(attempt.status).toBe(429);
      expect(Number(attempt.headers.get('retry-after'))).toBeGreaterThanOrEqual(28);
      expect(await attempt.json()).toMatchObject({
        error: {
          code: 429,
          status: 'RESOURCE_EXHAUSTED',
          message: expect.stringMatching(/belongs to a project/),
        },
      });
    }
    // One upstream call (the 429 itself), to the owner; the second answer came from the pool's memory.
    const generate = h.emulator.requests
      .slice(since)
      .filter((r) => r.action === 'generateContent' || r.action === 'streamGenerateContent');
    expect(generate.map((r) => projectOfKey.get(r.apiKey!))).toEqual([owner]);
  });

  it('lists, gets and deletes the client’s own files; another client sees, uses and deletes none of them', async () => {
    const names: string[] = [];
    for await (const entry of await ai.files.list({ config: { pageSize: 2 } })) names.push(entry.name!);
    expect(names).toContain(file.name);
    expect(names).toContain(bigFile.name);
    expect((await ai.files.get({ name: file.name! })).sizeBytes).toBe(file.sizeBytes);

    const stranger = new GoogleGenAI({ apiKey: otherToken, httpOptions: { baseUrl: h.url } });
    const theirs: string[] = [];
    for await (const entry of await stranger.files.list()) theirs.push(entry.name!);
    expect(theirs).toEqual([]);
    await expect(stranger.files.get({ name: file.name! })).rejects.toThrow(/permission to access the File/);
    await expect(stranger.files.delete({ name: file.name! })).rejects.toThrow(
      /permission to access the File/,
    );
    const since = h.emulator.requests.length;
    await expect(
      stranger.models.generateContent({ model: MODEL, contents: withFile(file.uri!, 'steal') }),
    ).rejects.toThrow(/permission to access the File/);
    const strangersChat = await fetch(`${h.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${otherToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: MODEL,
        messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: file.name } }] }],
      }),
    });
    expect(strangersChat.status).toBe(403);
    expect(await strangersChat.json()).toMatchObject({ error: { type: 'permission_error' } });
    expect(h.emulator.requests.length).toBe(since);
    // Still there for its owner.
    expect((await ai.files.get({ name: file.name! })).name).toBe(file.name);

    // A file deleted at Google behind gemgate's back drops out of the list when the owner is asked.
    await ai.files.delete({ name: bigFile.name! });
    await expect(ai.files.get({ name: bigFile.name! })).rejects.toThrow(/permission to access the File/);
    const after: string[] = [];
    for await (const entry of await ai.files.list()) after.push(entry.name!);
    expect(after).not.toContain(bigFile.name);
  });

  it('downloads through the owner: Gemini’s refusal for an uploaded file, the bytes of a generated one', async () => {
    const refused = await fetch(`${h.url}/v1beta/${file.name}:download?alt=media`, {
      headers: { 'x-goog-api-key': h.token },
    });
    expect(refused.status).toBe(400);
    // A generated file (a model's output) recorded as this client's: its bytes are streamed back.
    const [ownerKey, project] = [...projectOfKey][0]!;
    const video = Buffer.from('not really a video, but bytes all the same');
    const uri = h.emulator.addFile(ownerKey, { source: 'GENERATED', mimeType: 'video/mp4', bytes: video });
    const name = `files/${uri.split('/').at(-1)}`;
    const client = store.tokens.verify(h.token)!;
    store.ownedResources.record({
      name,
      kind: 'file',
      projectId: project,
      clientId: client.id,
      displayName: null,
      mimeType: 'video/mp4',
      sizeBytes: video.length,
      model: null,
      createdAt: Date.now(),
      expiresAt: Date.now() + 3_600_000,
      resource: { name },
    });
    const bytes = await fetch(`${h.url}/v1beta/${name}:download?alt=media`, {
      headers: { 'x-goog-api-key': h.token },
    });
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await bytes.arrayBuffer()).equals(video)).toBe(true);
  });

  it('creates, reads, lists, extends and deletes a cache on the project of the file it holds', async () => {
    const since = h.emulator.requests.length;
    const cache = await ai.caches.create({
      model: MODEL,
      config: {
        contents: [
          {
            role: 'user',
            parts: [
              { fileData: { fileUri: file.uri!, mimeType: 'application/pdf' } },
              { text: '缓'.repeat(1100) },
            ],
          },
        ],
        displayName: 'the book',
        ttl: '600s',
      },
    });
    expect(cache.name).toMatch(/^cachedContents\//);
    expect(ownerOf(cache.name!)).toBe(ownerOf(file.name!));
    expect((await ai.caches.get({ name: cache.name! })).displayName).toBe('the book');
    const listed: string[] = [];
    for await (const entry of await ai.caches.list()) listed.push(entry.name!);
    expect(listed).toEqual([cache.name]);
    const extended = await ai.caches.update({ name: cache.name!, config: { ttl: '7200s' } });
    expect(Date.parse(extended.expireTime!) - Date.parse(extended.updateTime!)).toBe(7_200_000);

    const answer = await ai.models.generateContent({
      model: MODEL,
      contents: 'What does the book say?',
      config: { cachedContent: cache.name! },
    });
    expect(answer.text).toBeTruthy();
    expect(
      projectsServing(since, [
        'cachedContents.create',
        'cachedContents.get',
        'cachedContents.patch',
        'generateContent',
        'streamGenerateContent',
      ]),
    ).toEqual(new Set([ownerOf(file.name!)]));

    const stranger = new GoogleGenAI({ apiKey: otherToken, httpOptions: { baseUrl: h.url } });
    await expect(stranger.caches.get({ name: cache.name! })).rejects.toThrow(/CachedContent not found/);
    await ai.caches.delete({ name: cache.name! });
    await expect(ai.caches.get({ name: cache.name! })).rejects.toThrow(/CachedContent not found/);
  });

  it('never shows a Gemini key or the emulator’s address to a client, in any answer of these routes', async () => {
    const answers = await Promise.all([
      rawRequest(`${h.url}/v1beta/files`, { headers: { 'x-goog-api-key': h.token } }),
      rawRequest(`${h.url}/v1beta/${file.name}`, { headers: { 'x-goog-api-key': h.token } }),
      rawRequest(`${h.url}/v1beta/cachedContents`, { headers: { 'x-goog-api-key': h.token } }),
      rawRequest(`${h.url}/upload/v1beta/files`, {
        method: 'POST',
        headers: {
          'x-goog-api-key': h.token,
          'x-goog-upload-protocol': 'resumable',
          'x-goog-upload-command': 'start',
        },
        body: '{}',
      }),
    ]);
    for (const answer of answers) {
      const text = `${JSON.stringify(answer.headers)}\n${answer.body}`;
      for (const key of projectOfKey.keys()) expect(text).not.toContain(key);
      expect(text).not.toContain(h.emulator.url);
    }
    expect(h.logs()).not.toMatch(/AIza[0-9A-Za-z_-]{35}/);
  });
});
