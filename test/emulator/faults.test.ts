import { ApiError } from '@google/genai';
import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../../proxy/gemini/types.js';
import { faults, readJsonArrayStream, readSseFrames, startEmulator } from './index.js';
import { ask, call, emulatorPerFile, errorOf, sdk, sse } from './testing.js';
import { headCodePoints } from './text.js';

const t = emulatorPerFile();

const PROMPT = 'Tell me about streams';

async function sdkStream(
  apiKey = t.key,
  model = 'gemini-2.5-flash',
): Promise<{ text: string; error?: unknown; last?: GenerateContentResponse }> {
  let text = '';
  let last: GenerateContentResponse | undefined;
  try {
    for await (const chunk of await sdk(t.emu, apiKey).models.generateContentStream({
      model,
      contents: PROMPT,
    })) {
      text += chunk.text ?? '';
      last = chunk as unknown as GenerateContentResponse;
    }
    return last ? { text, last } : { text };
  } catch (error) {
    return { text, error };
  }
}

describe('HTTP faults', () => {
  it('rateLimit: a genuine 429 with QuotaFailure, Help and RetryInfo', async () => {
    t.emu.injectFault(faults.rateLimit({ retryDelay: '29s' }));
    t.emu.injectFault(faults.rateLimit({ retryDelay: '1.5s', perDay: true, model: 'gemini-2.5-pro' }));
    let error = await errorOf(await call(t.emu, ask(PROMPT), { key: t.key }));
    expect(error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(error.message).toMatch(/^You exceeded your current quota/);
    expect(error.details?.map((d) => d['@type'])).toEqual([
      'type.googleapis.com/google.rpc.QuotaFailure',
      'type.googleapis.com/google.rpc.Help',
      'type.googleapis.com/google.rpc.RetryInfo',
    ]);
    expect(error.details?.[0]?.violations?.[0]).toMatchObject({
      quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier',
      quotaDimensions: { location: 'global', model: 'gemini-2.5-flash' },
    });
    expect(error.details?.[2]?.retryDelay).toBe('29s');
    error = await errorOf(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(error.details?.[0]?.violations?.[0]).toMatchObject({
      quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier',
      quotaDimensions: { model: 'gemini-2.5-pro' },
    });
    expect(error.details?.[2]?.retryDelay).toBe('1.5s');
    expect(t.emu.pendingFaults()).toBe(0);
  });

  it('invalidKey, permissionDenied, overloaded and internal', async () => {
    t.emu.injectFault(faults.invalidKey());
    t.emu.injectFault(faults.permissionDenied());
    t.emu.injectFault(faults.permissionDenied('leaked'));
    t.emu.injectFault(faults.permissionDenied('service-disabled'));
    t.emu.injectFault(faults.overloaded());
    t.emu.injectFault(faults.internal());
    const seen = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(t.emu, ask(PROMPT), { key: t.key });
      const e = await errorOf(res);
      seen.push([res.status, e.status, e.details?.[0]?.reason ?? e.message]);
    }
    expect(seen).toEqual([
      [400, 'INVALID_ARGUMENT', 'API_KEY_INVALID'],
      [403, 'PERMISSION_DENIED', 'CONSUMER_SUSPENDED'],
      [403, 'PERMISSION_DENIED', 'Your API key was reported as leaked. Please use another API key.'],
      [403, 'PERMISSION_DENIED', 'SERVICE_DISABLED'],
      [503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.'],
      [500, 'INTERNAL', expect.stringMatching(/^An internal error has occurred/)],
    ]);
    expect((await call(t.emu, ask(PROMPT), { key: t.key })).status).toBe(200);
  });

  it('the SDK sees an ApiError with the status', async () => {
    t.emu.injectFault(faults.overloaded());
    const { error } = await sdkStream();
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(503);
  });

  it('faults are FIFO per filter and only hit matching attempts', async () => {
    const other = t.emu.newKey();
    t.emu.injectFault(faults.http(500, 'first', 'INTERNAL'), { key: other });
    t.emu.injectFault(faults.http(503, 'for pro', 'UNAVAILABLE'), { model: 'models/gemini-2.5-pro' });
    t.emu.injectFault(faults.http(429, 'second', 'RESOURCE_EXHAUSTED'), { key: other });
    expect(t.emu.pendingFaults()).toBe(3);
    expect((await call(t.emu, ask(PROMPT), { key: t.key })).status).toBe(200);
    expect((await call(t.emu, ask(PROMPT), { key: other })).status).toBe(500);
    expect((await call(t.emu, ask(PROMPT), { key: other, model: 'gemini-2.5-pro' })).status).toBe(503);
    expect((await call(t.emu, ask(PROMPT), { key: other })).status).toBe(429);
    expect(t.emu.pendingFaults()).toBe(0);
    // countTokens never consumes a fault.
    t.emu.injectFault(faults.internal());
    expect((await call(t.emu, ask(PROMPT), { key: t.key, action: 'countTokens' })).status).toBe(200);
    expect(t.emu.pendingFaults()).toBe(1);
  });
});

describe('stream faults', () => {
  it('cut: the socket is destroyed after N characters', async () => {
    t.emu.injectFault(faults.cut(30));
    const read = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(read.error).toBeDefined();
    expect(read.text).toBe(headCodePoints(t.emu.expectedText(PROMPT), 30));
    expect(read.finishReason).toBeUndefined();
  });

  it('cut: the SDK stream throws after the text it got', async () => {
    t.emu.injectFault(faults.cut(30));
    const { text, error } = await sdkStream();
    expect(error).toBeInstanceOf(Error);
    expect(text).toBe(headCodePoints(t.emu.expectedText(PROMPT), 30));
  });

  it('cut at the very end: all text but no finish frame', async () => {
    const full = t.emu.expectedText(PROMPT);
    t.emu.injectFault(faults.cut(100_000));
    const read = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(read.error).toBeDefined();
    expect(read.text).toBe(full);
    expect(read.finishReason).toBeUndefined();
  });

  it('cut at 0 still sends the 200 and its headers first', async () => {
    t.emu.injectFault(faults.cut(0));
    const res = await sse(t.emu, ask(PROMPT), { key: t.key });
    expect(res.status).toBe(200);
    const read = await readSseFrames(res);
    expect(read.frames).toHaveLength(0);
    expect(read.error).toBeDefined();
  });

  it('halfFrame: an incomplete frame, then a clean end', async () => {
    t.emu.injectFault(faults.halfFrame(40));
    const read = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(read.error).toBeUndefined();
    expect(read.text).toBe(headCodePoints(t.emu.expectedText(PROMPT), 40));
    expect(read.leftover.startsWith('data: {')).toBe(true);
    expect(read.leftover).not.toContain('\r\n\r\n');
    t.emu.injectFault(faults.halfFrame(40));
    const { error } = await sdkStream();
    expect(String(error)).toMatch(/Incomplete JSON segment/);
  });

  it('halfFrame splits a UTF-8 character when the frame has one', async () => {
    t.emu.setAnswer('cjk', { text: '一二三四五六七八九十'.repeat(10) });
    t.emu.injectFault(faults.halfFrame(24));
    const res = await sse(t.emu, ask('cjk'), { key: t.key });
    const bytes = Buffer.from(await res.arrayBuffer());
    const tail = bytes.subarray(bytes.lastIndexOf(Buffer.from('data: ')));
    expect(tail.toString('utf8')).toContain('\uFFFD');
  });

  it('endWithoutFinish: clean end, no finishReason; the SDK stream just ends', async () => {
    t.emu.injectFault(faults.endWithoutFinish(50));
    const read = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(read.error).toBeUndefined();
    expect(read.leftover).toBe('');
    expect(read.text).toBe(headCodePoints(t.emu.expectedText(PROMPT), 50));
    expect(read.finishReason).toBeUndefined();
    t.emu.injectFault(faults.endWithoutFinish(50));
    const viaSdk = await sdkStream();
    expect(viaSdk.error).toBeUndefined();
    expect(viaSdk.text).toBe(headCodePoints(t.emu.expectedText(PROMPT), 50));
    expect(viaSdk.last?.candidates?.[0]?.finishReason).toBeUndefined();
  });

  it('endWithoutFinish on a JSON-array stream closes the array', async () => {
    t.emu.injectFault(faults.endWithoutFinish(10));
    const read = await readJsonArrayStream(
      await call(t.emu, ask(PROMPT), { key: t.key, action: 'streamGenerateContent' }),
    );
    expect(read.frames.length).toBeGreaterThan(0);
    expect(read.text).toBe(headCodePoints(t.emu.expectedText(PROMPT), 10));
    expect(read.finishReason).toBeUndefined();
  });

  it('halfFrame and cut on a JSON-array stream', async () => {
    t.emu.injectFault(faults.halfFrame(30));
    const half = await readJsonArrayStream(
      await call(t.emu, ask(PROMPT), { key: t.key, action: 'streamGenerateContent' }),
    );
    expect(half.error).toBeUndefined();
    expect(half.frames).toHaveLength(0);
    expect(half.raw.startsWith('[{')).toBe(true);
    t.emu.injectFault(faults.cut(30));
    const cut = await readJsonArrayStream(
      await call(t.emu, ask(PROMPT), { key: t.key, action: 'streamGenerateContent' }),
    );
    expect(cut.error).toBeDefined();
  });

  it('a slow reader still gets every byte (writes wait for the socket)', async () => {
    const text = '流式输出 streaming 🚀 '.repeat(12_000);
    const big = await startEmulator({ chunkChars: 4000 });
    try {
      big.setAnswer('big', { text });
      const res = await sse(big, ask('big'), { key: t.key });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const read = await readSseFrames(res);
      expect(read.text).toBe(text);
      expect(read.finishReason).toBe('STOP');
    } finally {
      await big.close();
    }
  });

  it('stall: silence for ms after N characters, then the rest', async () => {
    t.emu.injectFault(faults.stall(20, 400));
    const res = await sse(t.emu, ask(PROMPT), { key: t.key });
    const reader = res.body?.getReader();
    const gaps: number[] = [];
    let last = Date.now();
    for (;;) {
      const { done } = (await reader?.read()) ?? { done: true };
      if (done) break;
      gaps.push(Date.now() - last);
      last = Date.now();
    }
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(300);
    t.emu.injectFault(faults.stall(20, 20));
    expect((await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }))).text).toBe(
      t.emu.expectedText(PROMPT),
    );
  });

  it('delay: nothing, not even headers, until ms have passed', async () => {
    t.emu.injectFault(faults.delay(120));
    const started = Date.now();
    const res = await sse(t.emu, ask(PROMPT), { key: t.key });
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect((await readSseFrames(res)).text).toBe(t.emu.expectedText(PROMPT));
  });

  it('empty: 200, STOP, no parts', async () => {
    t.emu.injectFault(faults.empty());
    const read = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(read.frames).toHaveLength(1);
    expect(read.frames[0]?.candidates?.[0]).toEqual({
      content: { role: 'model' },
      finishReason: 'STOP',
      index: 0,
    });
    expect(read.frames[0]?.usageMetadata?.candidatesTokenCount).toBeUndefined();
  });

  it('thoughtOnly: thought parts, then STOP, no visible text', async () => {
    t.emu.injectFault(faults.thoughtOnly());
    const read = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(read.text).toBe('');
    expect(read.finishReason).toBe('STOP');
    const parts = read.frames.flatMap((f) => f.candidates?.[0]?.content?.parts ?? []);
    expect(parts.length).toBeGreaterThan(0);
    expect(parts.every((p) => p.thought === true)).toBe(true);
    expect(read.frames.at(-1)?.usageMetadata?.thoughtsTokenCount).toBeGreaterThan(0);
  });

  it('finish: SAFETY after N characters, with safety ratings', async () => {
    t.emu.injectFault(faults.finish('SAFETY', 25));
    const read = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(read.text).toBe(headCodePoints(t.emu.expectedText(PROMPT), 25));
    const last = read.frames.at(-1)?.candidates?.[0];
    expect(last?.finishReason).toBe('SAFETY');
    expect(last?.content).toBeUndefined();
    expect(last?.safetyRatings?.some((r) => r.blocked)).toBe(true);
    t.emu.injectFault(faults.finish('MALFORMED_FUNCTION_CALL'));
    const end = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(end.text).toBe(t.emu.expectedText(PROMPT));
    expect(end.finishReason).toBe('MALFORMED_FUNCTION_CALL');
  });

  it('blockPrompt: 200 with promptFeedback and no candidates', async () => {
    t.emu.injectFault(faults.blockPrompt('PROHIBITED_CONTENT'));
    const read = await readSseFrames(await sse(t.emu, ask(PROMPT), { key: t.key }));
    expect(read.frames).toHaveLength(1);
    expect(read.frames[0]?.candidates).toBeUndefined();
    expect(read.frames[0]?.promptFeedback).toEqual({ blockReason: 'PROHIBITED_CONTENT' });
    t.emu.setAnswer('blocked', { blockReason: 'SAFETY' });
    const whole = (await (
      await call(t.emu, ask('blocked'), { key: t.key })
    ).json()) as GenerateContentResponse;
    expect(whole.promptFeedback?.blockReason).toBe('SAFETY');
    expect(whole.candidates).toBeUndefined();
  });
});

describe('faults on generateContent (not streamed)', () => {
  it('cut destroys the socket before the body completes', async () => {
    t.emu.injectFault(faults.cut(10));
    const res = await call(t.emu, ask(PROMPT), { key: t.key });
    expect(res.status).toBe(200);
    await expect(res.json()).rejects.toThrow();
    t.emu.injectFault(faults.cut(10));
    await expect(
      sdk(t.emu, t.key).models.generateContent({ model: 'gemini-2.5-flash', contents: PROMPT }),
    ).rejects.toThrow();
  });

  it('halfFrame ends cleanly with half a JSON body', async () => {
    t.emu.injectFault(faults.halfFrame(10));
    const res = await call(t.emu, ask(PROMPT), { key: t.key });
    const text = await res.text();
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(text.startsWith('{')).toBe(true);
  });

  it('endWithoutFinish, finish, empty and stall', async () => {
    const full = t.emu.expectedText(PROMPT);
    const body = async () =>
      (await (await call(t.emu, ask(PROMPT), { key: t.key })).json()) as GenerateContentResponse;
    t.emu.injectFault(faults.endWithoutFinish(15));
    let b = await body();
    expect(b.candidates?.[0]?.content?.parts?.[0]?.text).toBe(headCodePoints(full, 15));
    expect(b.candidates?.[0]?.finishReason).toBeUndefined();
    t.emu.injectFault(faults.finish('RECITATION', 15));
    b = await body();
    expect(b.candidates?.[0]?.content?.parts?.[0]?.text).toBe(headCodePoints(full, 15));
    expect(b.candidates?.[0]?.finishReason).toBe('RECITATION');
    t.emu.injectFault(faults.empty());
    b = await body();
    expect(b.candidates?.[0]).toEqual({ content: { role: 'model' }, finishReason: 'STOP', index: 0 });
    t.emu.injectFault(faults.stall(0, 100));
    const started = Date.now();
    const res = await call(t.emu, ask(PROMPT), { key: t.key });
    expect(res.status).toBe(200);
    const whole = (await res.json()) as GenerateContentResponse;
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(whole.candidates?.[0]?.content?.parts?.[0]?.text).toBe(full);
  });
});
