import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

/** The native dialect through the real @google/genai SDK, as Cherry Studio's Gemini provider uses it. */
describe('native Gemini dialect with the @google/genai SDK', () => {
  let h: Harness;
  let ai: GoogleGenAI;
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 2 } } });
    ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
  });
  afterAll(() => h.close());

  it('answers whole, exactly as Gemini produced it, with the key id header', async () => {
    const prompt = 'Tell me about resumable streams.';
    const response = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: prompt });
    expect(response.text).toBe(h.emulator.expectedText(prompt));
    expect(response.usageMetadata?.promptTokenCount).toBeGreaterThan(0);
    const last = h.emulator.requests.at(-1)!;
    expect(last.apiKey).toBe(h.keys.main!.find((key) => key.key === last.apiKey)?.key);
    expect(last.apiKey).not.toBe(h.token);
  });

  it('streams chunk by chunk, and the chunks add up to the whole answer', async () => {
    const prompt = '请用中文和 emoji 🙂 回答。';
    const stream = await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: prompt });
    const pieces: string[] = [];
    for await (const chunk of stream) pieces.push(chunk.text ?? '');
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(h.emulator.expectedText(prompt));
  });

  it('counts tokens and embeds', async () => {
    const counted = await ai.models.countTokens({
      model: 'gemini-2.5-flash',
      contents: 'count these tokens please',
    });
    expect(counted.totalTokens).toBeGreaterThan(0);
    const embedded = await ai.models.embedContent({
      model: 'gemini-embedding-001',
      contents: ['first text', 'second text'],
      config: { outputDimensionality: 256 },
    });
    expect(embedded.embeddings).toHaveLength(2);
    expect(embedded.embeddings![0]!.values).toHaveLength(256);
  });

  it('lists models in Gemini shape', async () => {
    const pager = await ai.models.list();
    const names: string[] = [];
    for await (const model of pager) names.push(model.name ?? '');
    expect(names).toContain('models/gemini-2.5-flash');
  });

  it('accepts the token as ?key= (ChatBox) and relays an unknown model as the upstream 404', async () => {
    const ok = await fetch(`${h.url}/v1beta/models/gemini-2.5-flash:generateContent?key=${h.token}`, {
      method: 'POST',
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-gemgate-key-id')).toMatch(/^key_/);
    expect(Number(ok.headers.get('x-gemgate-overhead-ms'))).toBeGreaterThanOrEqual(0);
    const missing = await fetch(`${h.url}/v1beta/models/gemini-9-ultra:generateContent?key=${h.token}`, {
      method: 'POST',
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({
      error: { code: 404, status: 'NOT_FOUND', message: expect.stringMatching(/gemini-9-ultra/) },
    });
  });

  it("passes Gemini's own 400 for a bad request back, without blaming the key", async () => {
    const response = await fetch(`${h.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [], bogusField: 1 }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    const again = await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'still fine?' });
    expect(again.text).toBe(h.emulator.expectedText('still fine?'));
  });

  it('streams under /v1 too, as the current SDK may call it', async () => {
    const response = await fetch(`${h.url}/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'v1 please' }] }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const text = await response.text();
    const joined = text
      .split('\r\n\r\n')
      .filter((frame) => frame.startsWith('data: '))
      .map(
        (frame) =>
          JSON.parse(frame.slice(6)) as {
            candidates?: Array<{ content?: { parts?: Array<{ text?: string }> } }>;
          },
      )
      .map((chunk) => chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? '').join('') ?? '')
      .join('');
    expect(joined).toBe(h.emulator.expectedText('v1 please'));
  });

  it('streams a JSON array when the client does not ask for SSE', async () => {
    const response = await fetch(`${h.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'array please' }] }] }),
    });
    const chunks = JSON.parse(await response.text()) as Array<{
      candidates: Array<{ content: { parts: Array<{ text: string }> } }>;
    }>;
    expect(
      chunks.map((chunk) => chunk.candidates[0]!.content.parts.map((p) => p.text).join('')).join(''),
    ).toBe(h.emulator.expectedText('array please'));
  });
});

describe('a client that hangs up', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } }, emulator: { chunkDelayMs: 20 } });
  });
  afterAll(() => h.close());

  it('aborts the upstream call, and costs the key nothing', async () => {
    const controller = new AbortController();
    const response = await fetch(`${h.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'a long answer please' }] }] }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read(); // the first chunk arrived; now the client leaves
    controller.abort();
    const upstream = h.emulator.requests.at(-1)!;
    await expect.poll(() => upstream.ended, { timeout: 2000 }).toBe('caller-closed');
    expect(h.emulator.requests).toHaveLength(1); // no resume attempt for a client that left

    const next = await fetch(`${h.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'still there?' }] }] }),
    });
    expect(next.status).toBe(200);
  });
});
