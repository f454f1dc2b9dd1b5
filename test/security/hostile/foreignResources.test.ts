import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/harness.js';
import { rawRequest } from '../../support/http.js';

/**
 * Another client's files and caches, named in snake_case (issue 23, item 3). Gemini takes both
 * spellings of every field; gemgate must read them all, so that a hostile client token naming
 * `file_data.file_uri`, `cached_content` or a `system_instruction` holding another client's file is
 * refused as in lowerCamel: 403, and not one call upstream (where failing over from project to
 * project would end at the owner's, which serves it).
 */
let h: Harness;
let owner: GoogleGenAI;
let strangerToken: string;
let fileUri: string;
let fileName: string;
let cacheName: string;

beforeAll(async () => {
  h = await startHarness({ accounts: { a: { keys: 1 }, b: { keys: 1 }, c: { keys: 1 } } });
  owner = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
  strangerToken = h.gateway.createClientToken('hostile').token;
  const file = await owner.files.upload({
    file: new Blob([new Uint8Array(2048)], { type: 'application/pdf' }),
  });
  fileUri = file.uri!;
  fileName = file.name!;
  const cache = await owner.caches.create({
    model: 'gemini-2.5-flash',
    config: {
      contents: [
        {
          role: 'user',
          parts: [{ fileData: { fileUri, mimeType: 'application/pdf' } }, { text: '缓'.repeat(1100) }],
        },
      ],
      ttl: '600s',
    },
  });
  cacheName = cache.name!;
});
afterAll(async () => {
  await h?.close();
});

const asStranger = (path: string, body: unknown) =>
  rawRequest(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'x-goog-api-key': strangerToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const snakeFile = () => ({
  role: 'user',
  parts: [{ file_data: { file_uri: fileUri, mime_type: 'application/pdf' } }, { text: 'read it to me' }],
});

describe("a hostile client names another client's file or cache in snake_case", () => {
  const GENERATE = '/v1beta/models/gemini-2.5-flash:generateContent';
  const cases: Array<[string, string, () => unknown]> = [
    ['generateContent, contents[].parts[].file_data', GENERATE, () => ({ contents: [snakeFile()] })],
    [
      'streamGenerateContent, file_data in system_instruction',
      '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      () => ({ system_instruction: snakeFile(), contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    ],
    [
      'generateContent, cached_content',
      GENERATE,
      () => ({
        cached_content: cacheName,
        contents: [{ role: 'user', parts: [{ text: 'what is in it?' }] }],
      }),
    ],
    [
      'countTokens, generate_content_request',
      '/v1beta/models/gemini-2.5-flash:countTokens',
      () => ({ generate_content_request: { model: 'models/gemini-2.5-flash', contents: [snakeFile()] } }),
    ],
    [
      'cachedContents create, file_data in system_instruction',
      '/v1beta/cachedContents',
      () => ({
        model: 'models/gemini-2.5-flash',
        system_instruction: snakeFile(),
        contents: [{ role: 'user', parts: [{ text: '缓'.repeat(1100) }] }],
      }),
    ],
  ];

  it.each(cases)('%s: 403, and nothing sent upstream', async (_name, path, body) => {
    const before = h.emulator.requests.length;
    const answer = await asStranger(path, body());
    expect(answer.status, answer.body).toBe(403);
    expect(answer.body).toMatch(/permission to access the File|CachedContent not found/);
    expect(h.emulator.requests.length).toBe(before);
  });

  it('a field given in both spellings is refused before anything is read from it', async () => {
    const before = h.emulator.requests.length;
    const answer = await asStranger(GENERATE, {
      contents: [{ role: 'user', parts: [{ text: 'mine' }] }],
      cachedContent: 'cachedContents/mine',
      cached_content: cacheName,
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/given twice/);
    expect(h.emulator.requests.length).toBe(before);
  });

  it('the owner still reads its own file named in snake_case', async () => {
    const answer = await rawRequest(`${h.url}${GENERATE}`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [snakeFile()] }),
    });
    expect(answer.status, answer.body).toBe(200);
    expect(fileName).toMatch(/^files\//);
  });
});
