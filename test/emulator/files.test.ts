import { beforeEach, describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../../proxy/gemini/types.js';
import { startEmulator } from './index.js';
import { ask, call, emulatorPerFile, errorOf, sdk } from './testing.js';

const t = emulatorPerFile();
let other: string;
beforeEach(() => {
  other = t.emu.newKey();
});

const MiB = 1024 * 1024;
const bytes = (size: number, seed = 7) => {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed) & 0xff;
  return out;
};

/** A raw request to the emulator with the key in x-goog-api-key (when given). */
function raw(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.key) headers.set('x-goog-api-key', init.key);
  return fetch(path.startsWith('http') ? path : `${t.emu.url}${path}`, { ...init, headers });
}

/** Starts a resumable upload the way @google/genai does; returns the session URL. */
async function start(size: number, mimeType = 'application/pdf', as = t.key): Promise<string> {
  const res = await raw('/upload/v1beta/files', {
    method: 'POST',
    key: as,
    headers: {
      'content-type': 'application/json',
      'x-goog-upload-protocol': 'resumable',
      'x-goog-upload-command': 'start',
      'x-goog-upload-header-content-length': String(size),
      'x-goog-upload-header-content-type': mimeType,
    },
    body: JSON.stringify({ file: { displayName: 'report.pdf' } }),
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('x-goog-upload-status')).toBe('active');
  return res.headers.get('x-goog-upload-url')!;
}

function command(url: string, commandName: string, offset?: number, body?: Buffer): Promise<Response> {
  return raw(url, {
    method: 'POST',
    headers: {
      'x-goog-upload-command': commandName,
      ...(offset === undefined ? {} : { 'x-goog-upload-offset': String(offset) }),
    },
    ...(body ? { body: new Uint8Array(body) } : {}),
  });
}

const withFile = (fileUri: string) => ({
  contents: [
    { role: 'user', parts: [{ fileData: { mimeType: 'application/pdf', fileUri } }, { text: 'summarise' }] },
  ],
});

describe('Files API: uploads with @google/genai', () => {
  it('uploads in 8 MiB chunks, and the file belongs to the uploading key’s project', async () => {
    const ai = sdk(t.emu, t.key);
    const content = bytes(20 * MiB);
    const file = await ai.files.upload({
      file: new Blob([new Uint8Array(content)], { type: 'application/pdf' }),
      config: { displayName: 'twenty' },
    });
    expect(file).toMatchObject({
      name: expect.stringMatching(/^files\/[a-z0-9]{12}$/),
      displayName: 'twenty',
      mimeType: 'application/pdf',
      sizeBytes: String(content.length),
      state: 'ACTIVE',
      source: 'UPLOADED',
      // The SDK uploads under its own API version (v1 in @google/genai 3), and the URI says so.
      uri: expect.stringMatching(
        new RegExp(`^https://generativelanguage\\.googleapis\\.com/v1(beta)?/${file.name}$`),
      ),
    });
    expect(Date.parse(file.expirationTime!) - Date.parse(file.createTime!)).toBe(48 * 3_600_000);
    const uploads = t.emu.requests.filter((r) => r.action === 'files.upload');
    // start, then 8 + 8 + 4 MiB: two `upload` commands and one `upload, finalize`.
    expect(uploads.map((r) => r.headers['x-goog-upload-command'])).toEqual([
      'start',
      'upload',
      'upload',
      'upload, finalize',
    ]);

    expect(await ai.files.get({ name: file.name! })).toMatchObject({
      name: file.name,
      sizeBytes: file.sizeBytes,
    });
    await expect(sdk(t.emu, other).files.get({ name: file.name! })).rejects.toThrow(
      /You do not have permission to access the File .* or it may not exist/,
    );

    const owner = await call(t.emu, withFile(file.uri!), { key: t.key });
    expect(owner.status).toBe(200);
    const stranger = await call(t.emu, withFile(file.uri!), { key: other });
    expect(stranger.status).toBe(403);
    expect(await errorOf(stranger)).toMatchObject({ status: 'PERMISSION_DENIED' });
  });

  it('lists a project’s files a page at a time, and deletes them', async () => {
    const ai = sdk(t.emu, t.key);
    for (let i = 0; i < 3; i++) {
      await ai.files.upload({ file: new Blob([`file ${i}`], { type: 'text/plain' }) });
    }
    await sdk(t.emu, other).files.upload({ file: new Blob(['not mine'], { type: 'text/plain' }) });
    const firstPage = await raw('/v1beta/files?pageSize=2', { key: t.key });
    const page = (await firstPage.json()) as { files: Array<{ name: string }>; nextPageToken?: string };
    expect(page.files).toHaveLength(2);
    expect(page.nextPageToken).toBeTruthy();
    const names: string[] = [];
    for await (const file of await ai.files.list({ config: { pageSize: 2 } })) names.push(file.name!);
    expect(names).toHaveLength(3);
    await ai.files.delete({ name: names[0]! });
    await expect(ai.files.get({ name: names[0]! })).rejects.toThrow(/permission/);
    const left: string[] = [];
    for await (const file of await ai.files.list()) left.push(file.name!);
    expect(left.sort()).toEqual(names.slice(1).sort());
  });
});

describe('Files API: the resumable protocol, command by command', () => {
  it('answers query with the bytes received, and refuses a wrong offset without changing anything', async () => {
    const url = await start(10);
    expect((await command(url, 'upload', 0, Buffer.from('hello'))).headers.get('x-goog-upload-status')).toBe(
      'active',
    );
    const wrong = await command(url, 'upload, finalize', 3, Buffer.from('world'));
    expect(wrong.status).toBe(400);
    expect(await errorOf(wrong)).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
    const query = await command(url, 'query');
    expect(query.headers.get('x-goog-upload-size-received')).toBe('5');
    const done = await command(url, 'upload, finalize', 5, Buffer.from('world'));
    expect(done.headers.get('x-goog-upload-status')).toBe('final');
    expect(((await done.json()) as { file: { sizeBytes: string } }).file.sizeBytes).toBe('10');
  });

  it('refuses more bytes than declared, an unknown session, and anything after cancel', async () => {
    const url = await start(4);
    expect((await command(url, 'upload', 0, Buffer.from('too long'))).status).toBe(400);
    expect((await command(url.replace(/upload_id=[^&]+/, 'upload_id=nope'), 'query')).status).toBe(404);
    const cancelled = await command(url, 'cancel');
    expect(cancelled.headers.get('x-goog-upload-status')).toBe('cancelled');
    expect((await command(url, 'upload, finalize', 0, Buffer.from('abcd'))).status).toBe(400);
  });

  it('refuses a file over 2 GB at start', async () => {
    const res = await raw('/upload/v1beta/files', {
      method: 'POST',
      key: t.key,
      headers: {
        'x-goog-upload-protocol': 'resumable',
        'x-goog-upload-command': 'start',
        'x-goog-upload-header-content-length': String(3 * 1024 ** 3),
      },
    });
    expect(res.status).toBe(400);
  });

  it('takes a one-request multipart/related upload (generative-ai-js) and a form-data one', async () => {
    const boundary = 'b0undary';
    const related = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${JSON.stringify({ file: { mimeType: 'text/plain', displayName: 'notes' } })}\r\n--${boundary}\r\nContent-Type: text/plain\r\n\r\n`,
      ),
      Buffer.from('the notes'),
      Buffer.from(`\r\n--${boundary}--`),
    ]);
    const res = await raw('/upload/v1beta/files', {
      method: 'POST',
      key: t.key,
      headers: {
        'x-goog-upload-protocol': 'multipart',
        'content-type': `multipart/related; boundary=${boundary}`,
      },
      body: related,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-goog-upload-status')).toBe('final');
    expect(((await res.json()) as { file: object }).file).toMatchObject({
      displayName: 'notes',
      mimeType: 'text/plain',
      sizeBytes: '9',
    });

    const form = new FormData();
    form.set(
      'metadata',
      new Blob([JSON.stringify({ file: { display_name: 'form' } })], { type: 'application/json' }),
    );
    form.set('file', new Blob(['%PDF-1.7'], { type: 'application/pdf' }), 'a.pdf');
    const viaForm = await raw('/upload/v1beta/files', {
      method: 'POST',
      key: t.key,
      headers: { 'x-goog-upload-protocol': 'multipart' },
      body: form,
    });
    expect(((await viaForm.json()) as { file: object }).file).toMatchObject({
      displayName: 'form',
      mimeType: 'application/pdf',
      sizeBytes: '8',
    });
  });

  it('downloads a generated file, and refuses to download an uploaded one', async () => {
    const generated = t.emu.addFile(t.key, {
      source: 'GENERATED',
      mimeType: 'video/mp4',
      bytes: Buffer.from('MP4!'),
    });
    const id = generated.split('/').at(-1)!;
    const ok = await raw(`/v1beta/files/${id}:download?alt=media`, { key: t.key });
    expect(ok.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await ok.arrayBuffer()).toString()).toBe('MP4!');
    expect((await raw(`/v1beta/files/${id}:download?alt=media`, { key: other })).status).toBe(403);
    const uploaded = t.emu.addFile(t.key).split('/').at(-1)!;
    expect((await raw(`/v1beta/files/${uploaded}:download?alt=media`, { key: t.key })).status).toBe(400);
  });
});

describe('cachedContents with @google/genai', () => {
  // 1,100 CJK characters: 1,100 tokens by the emulator's rule, over gemini-2.5-flash's 1,024.
  const bigContext = '缓'.repeat(1100);

  it('creates, reads, lists, extends and deletes a cache of its own project only', async () => {
    const ai = sdk(t.emu, t.key);
    const cache = await ai.caches.create({
      model: 'gemini-2.5-flash',
      config: { contents: bigContext, displayName: 'book', ttl: '600s' },
    });
    expect(cache).toMatchObject({
      name: expect.stringMatching(/^cachedContents\//),
      model: 'models/gemini-2.5-flash',
      displayName: 'book',
      usageMetadata: { totalTokenCount: 1100 },
    });
    expect(Date.parse(cache.expireTime!) - Date.parse(cache.createTime!)).toBe(600_000);
    expect((await ai.caches.get({ name: cache.name! })).name).toBe(cache.name);
    const listed: string[] = [];
    for await (const entry of await ai.caches.list()) listed.push(entry.name!);
    expect(listed).toEqual([cache.name]);
    const longer = await ai.caches.update({ name: cache.name!, config: { ttl: '7200s' } });
    expect(Date.parse(longer.expireTime!) - Date.parse(longer.updateTime!)).toBe(7_200_000);

    await expect(sdk(t.emu, other).caches.get({ name: cache.name! })).rejects.toThrow(
      /CachedContent not found/,
    );
    const generate = (as: string, extra: object = {}) =>
      call(t.emu, { ...ask('What does the book say?'), cachedContent: cache.name, ...extra }, { key: as });
    expect((await generate(t.key)).status).toBe(200);
    expect((await generate(other)).status).toBe(403);
    expect(
      await errorOf(await generate(t.key, { systemInstruction: { parts: [{ text: 'be brief' }] } })),
    ).toMatchObject({
      code: 400,
      message: expect.stringMatching(/system_instruction, tools or tool_config/),
    });
    const otherModel = await call(
      t.emu,
      { ...ask('hi'), cachedContent: cache.name },
      { key: t.key, model: 'gemini-2.5-pro' },
    );
    expect(otherModel.status).toBe(400);

    await ai.caches.delete({ name: cache.name! });
    expect((await generate(t.key)).status).toBe(403);
  });

  it('refuses a context under the model’s minimum, and a cache naming another project’s file', async () => {
    const ai = sdk(t.emu, t.key);
    await expect(
      ai.caches.create({ model: 'gemini-2.5-flash', config: { contents: 'too short' } }),
    ).rejects.toThrow(/Cached content is too small. total_token_count=\d+, min_total_token_count=1024/);
    const foreign = t.emu.addFile(other);
    await expect(
      ai.caches.create({
        model: 'gemini-2.5-flash',
        config: {
          contents: [{ role: 'user', parts: [{ fileData: { fileUri: foreign } }, { text: bigContext }] }],
        },
      }),
    ).rejects.toThrow(/permission to access the File/);
  });

  it('counts tokens with a file only through the owner', async () => {
    const uri = t.emu.addFile(t.key);
    const count = (as: string) =>
      call(t.emu, { contents: withFile(uri).contents }, { key: as, action: 'countTokens' });
    expect((await count(t.key)).status).toBe(200);
    expect((await count(other)).status).toBe(403);
  });
});

describe('generateContent after a file expired', () => {
  it('is refused like a file that never existed', async () => {
    let now = Date.UTC(2026, 0, 5, 12);
    const local = await startEmulator({ now: () => now });
    try {
      const owner = local.newKey();
      const uri = local.addFile(owner);
      expect((await call(local, withFile(uri), { key: owner })).status).toBe(200);
      now += 48 * 3_600_000;
      const late = await call(local, withFile(uri), { key: owner });
      expect(late.status).toBe(403);
      expect(
        ((await late.json()) as GenerateContentResponse & { error: { message: string } }).error.message,
      ).toMatch(/may not exist/);
    } finally {
      await local.close();
    }
  });
});
