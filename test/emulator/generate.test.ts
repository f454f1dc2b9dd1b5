import { describe, expect, it } from 'vitest';
import type { CountTokensResponse, GenerateContentResponse } from '../../proxy/gemini/types.js';
import { countTextTokens, readJsonArrayStream, readSseFrames, startEmulator } from './index.js';
import { ask, call, emulatorPerFile, errorOf, model, sdk, sse, user } from './testing.js';
import { codePointLength } from './text.js';

const t = emulatorPerFile();

const PROMPT = 'Explain quotas in two lines';

function textOf(r: GenerateContentResponse): string {
  return (r.candidates?.[0]?.content?.parts ?? [])
    .filter((p) => !p.thought)
    .map((p) => p.text ?? '')
    .join('');
}

describe('generateContent', () => {
  it('answers the expected text with usage, modelVersion and responseId', async () => {
    const res = await call(t.emu, ask(PROMPT), { key: t.key });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const body = (await res.json()) as GenerateContentResponse;
    expect(textOf(body)).toBe(t.emu.expectedText(PROMPT));
    expect(body.candidates?.[0]).toMatchObject({
      finishReason: 'STOP',
      index: 0,
      content: { role: 'model' },
    });
    expect(body.modelVersion).toBe('gemini-2.5-flash');
    expect(body.responseId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const usage = body.usageMetadata ?? {};
    expect(usage.candidatesTokenCount).toBe(countTextTokens(t.emu.expectedText(PROMPT)));
    expect(usage.thoughtsTokenCount).toBeGreaterThan(0);
    expect(usage.totalTokenCount).toBe(
      (usage.promptTokenCount ?? 0) + (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
    );
  });

  it('reports the same prompt tokens as countTokens, in both request forms', async () => {
    const req = { ...ask('Count me 中文 🚀'), systemInstruction: { parts: [{ text: 'Be brief.' }] } };
    const usage = ((await (await call(t.emu, req, { key: t.key })).json()) as GenerateContentResponse)
      .usageMetadata;
    const full = (await (
      await call(
        t.emu,
        { generateContentRequest: { model: 'models/gemini-2.5-flash', ...req } },
        { key: t.key, action: 'countTokens' },
      )
    ).json()) as CountTokensResponse;
    expect(full.totalTokens).toBe(usage?.promptTokenCount);
    expect(full.promptTokensDetails).toEqual(usage?.promptTokensDetails);
    const contentsOnly = (await (
      await call(t.emu, ask('Count me 中文 🚀'), { key: t.key, action: 'countTokens' })
    ).json()) as CountTokensResponse;
    const plain = (
      (await (await call(t.emu, ask('Count me 中文 🚀'), { key: t.key })).json()) as GenerateContentResponse
    ).usageMetadata;
    expect(contentsOnly.totalTokens).toBe(plain?.promptTokenCount);
    expect(
      await sdk(t.emu, t.key).models.countTokens({ model: 'gemini-2.5-flash', contents: 'Count me 中文 🚀' }),
    ).toMatchObject({
      totalTokens: plain?.promptTokenCount,
    });
  });

  it('serves the @google/genai SDK, whole and streamed', async () => {
    const ai = sdk(t.emu, t.key);
    const whole = await ai.models.generateContent({ model: 'gemini-2.5-pro', contents: PROMPT });
    expect(whole.text).toBe(t.emu.expectedText(PROMPT));
    let streamed = '';
    let last: GenerateContentResponse | undefined;
    for await (const chunk of await ai.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: PROMPT,
    })) {
      streamed += chunk.text ?? '';
      last = chunk as unknown as GenerateContentResponse;
    }
    expect(streamed).toBe(t.emu.expectedText(PROMPT));
    expect(last?.candidates?.[0]?.finishReason).toBe('STOP');
  });
});

describe('streamGenerateContent', () => {
  it('sends SSE frames of at most chunkChars code points with cumulative usage and a final STOP', async () => {
    const res = await sse(t.emu, ask(PROMPT), { key: t.key });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const read = await readSseFrames(res);
    expect(read.leftover).toBe('');
    expect(read.raw).not.toContain('[DONE]');
    expect(read.text).toBe(t.emu.expectedText(PROMPT));
    expect(read.frames.length).toBeGreaterThan(5);
    let previous = 0;
    for (const [i, f] of read.frames.entries()) {
      const c = f.candidates?.[0];
      expect(c?.content?.role).toBe('model');
      expect(codePointLength(textOf(f))).toBeLessThanOrEqual(24);
      expect(f.modelVersion).toBe('gemini-2.5-flash');
      expect(f.responseId).toBe(read.frames[0]?.responseId);
      const n = f.usageMetadata?.candidatesTokenCount ?? 0;
      expect(n).toBeGreaterThanOrEqual(previous);
      previous = n;
      expect(c?.finishReason).toBe(i === read.frames.length - 1 ? 'STOP' : undefined);
    }
    expect(previous).toBe(countTextTokens(t.emu.expectedText(PROMPT)));
  });

  it('lets only keys of the uploading project use a Files API file', async () => {
    const owner = t.emu.newKey();
    const fileUri = t.emu.addFile(owner);
    const body = { contents: [{ role: 'user', parts: [{ fileData: { fileUri } }, { text: PROMPT }] }] };
    expect((await call(t.emu, body, { key: owner })).status).toBe(200);
    const refused = await call(t.emu, body, { key: t.emu.newKey() });
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatchObject({
      status: 'PERMISSION_DENIED',
      message: expect.stringMatching(
        /^You do not have permission to access the File \w+ or it may not exist\.$/,
      ),
    });
  });

  it('with paced chunks, answers a whole request when the same answer streamed would end', async () => {
    const slow = await startEmulator({ chunkDelayMs: 15, chunkChars: 40 });
    try {
      const frames = Math.ceil(codePointLength(slow.expectedText(PROMPT)) / 40);
      const started = performance.now();
      const res = await call(slow, ask(PROMPT), { key: t.key });
      expect(res.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual((frames - 1) * 15 - 5);
    } finally {
      await slow.close();
    }
  });

  it('writes every frame separately', async () => {
    const slow = await startEmulator({ chunkDelayMs: 2, chunkChars: 40 });
    try {
      const res = await sse(slow, ask(PROMPT), { key: t.key });
      const reader = res.body?.getReader();
      let reads = 0;
      for (;;) {
        const { done } = (await reader?.read()) ?? { done: true };
        if (done) break;
        reads++;
      }
      const frames = Math.ceil(codePointLength(slow.expectedText(PROMPT)) / 40);
      expect(reads).toBeGreaterThanOrEqual(frames);
    } finally {
      await slow.close();
    }
  });

  it('streams a JSON array without alt=sse', async () => {
    const res = await call(t.emu, ask(PROMPT), { key: t.key, action: 'streamGenerateContent' });
    expect(res.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const read = await readJsonArrayStream(res);
    expect(read.raw.startsWith('[{')).toBe(true);
    expect(read.raw).toContain('\n,\r\n{');
    expect(read.text).toBe(t.emu.expectedText(PROMPT));
    expect(read.finishReason).toBe('STOP');
  });

  it('honours chunkChars without splitting characters', async () => {
    const tiny = await startEmulator({ chunkChars: 1 });
    try {
      const read = await readSseFrames(await sse(tiny, ask(PROMPT), { key: t.key }));
      expect(read.text).toBe(tiny.expectedText(PROMPT));
      for (const f of read.frames) expect(codePointLength(textOf(f))).toBeLessThanOrEqual(1);
      expect(read.raw).not.toContain('\uFFFD');
    } finally {
      await tiny.close();
    }
  });
});

describe('thinking', () => {
  it('sends thought parts first with includeThoughts', async () => {
    const req = ask(PROMPT, { generationConfig: { thinkingConfig: { includeThoughts: true } } });
    const read = await readSseFrames(await sse(t.emu, req, { key: t.key }));
    expect(read.frames[0]?.candidates?.[0]?.content?.parts?.[0]).toMatchObject({ thought: true });
    expect(read.text).toBe(t.emu.expectedText(PROMPT));
    const whole = (await (await call(t.emu, req, { key: t.key })).json()) as GenerateContentResponse;
    expect(whole.candidates?.[0]?.content?.parts?.[0]?.thought).toBe(true);
  });

  it('reports thoughtsTokenCount only for a model that thinks', async () => {
    const usage = async (m: string, body = ask(PROMPT)) =>
      ((await (await call(t.emu, body, { key: t.key, model: m })).json()) as GenerateContentResponse)
        .usageMetadata;
    expect((await usage('gemini-2.5-pro'))?.thoughtsTokenCount).toBeGreaterThan(0);
    expect((await usage('gemini-3-pro-preview'))?.thoughtsTokenCount).toBeGreaterThan(0);
    expect((await usage('gemini-2.5-flash-lite'))?.thoughtsTokenCount).toBeUndefined();
    const off = ask(PROMPT, { generationConfig: { thinkingConfig: { thinkingBudget: 0 } } });
    expect((await usage('gemini-2.5-flash', off))?.thoughtsTokenCount).toBeUndefined();
  });

  it('Gemini 3 ends a streamed text answer with an empty part carrying the signature', async () => {
    const read = await readSseFrames(
      await sse(t.emu, ask(PROMPT), { key: t.key, model: 'gemini-3-flash-preview' }),
    );
    const last = read.frames[read.frames.length - 1]?.candidates?.[0];
    expect(last?.finishReason).toBe('STOP');
    expect(last?.content?.parts).toEqual([{ text: '', thoughtSignature: expect.any(String) }]);
    expect(read.text).toBe(t.emu.expectedText(PROMPT));
  });
});

describe('scripted answers', () => {
  it('override the default by exact prompt, RegExp or predicate; the latest wins', async () => {
    t.emu.setAnswer('ping', { text: 'pong 🏓' });
    t.emu.setAnswer(/weather/i, { text: 'Sunny ☀️' });
    t.emu.setAnswer((req) => JSON.stringify(req).includes('secret'), { text: 'hidden' });
    t.emu.setAnswer('ping', { text: 'PONG' });
    expect(t.emu.expectedText('ping')).toBe('PONG');
    expect(t.emu.expectedText('What is the weather?')).toBe('Sunny ☀️');
    const ai = sdk(t.emu, t.key);
    expect((await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'ping' })).text).toBe(
      'PONG',
    );
    expect((await ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'a secret' })).text).toBe(
      'hidden',
    );
  });

  it('can set thoughts and a finish reason', async () => {
    t.emu.setAnswer('long', { text: 'Truncated…', thoughts: 'Hmm.', finishReason: 'MAX_TOKENS' });
    const req = ask('long', { generationConfig: { thinkingConfig: { includeThoughts: true } } });
    const read = await readSseFrames(await sse(t.emu, req, { key: t.key }));
    expect(read.frames[0]?.candidates?.[0]?.content?.parts?.[0]).toEqual({ text: 'Hmm.', thought: true });
    expect(read.text).toBe('Truncated…');
    expect(read.finishReason).toBe('MAX_TOKENS');
  });

  it('answers function calls when functions are declared, with a signature on the first call', async () => {
    t.emu.setAnswer('weather in Paris', {
      functionCalls: [
        { name: 'get_weather', args: { city: 'Paris' } },
        { name: 'get_time', args: { city: 'Paris' } },
      ],
    });
    const tools = [{ functionDeclarations: [{ name: 'get_weather' }, { name: 'get_time' }] }];
    const body = (await (
      await call(t.emu, ask('weather in Paris', { tools }), { key: t.key })
    ).json()) as GenerateContentResponse;
    const parts = body.candidates?.[0]?.content?.parts ?? [];
    expect(parts[0]).toEqual({
      functionCall: { name: 'get_weather', args: { city: 'Paris' } },
      thoughtSignature: expect.any(String),
    });
    expect(parts[1]).toEqual({ functionCall: { name: 'get_time', args: { city: 'Paris' } } });
    expect(body.candidates?.[0]?.finishReason).toBe('STOP');
    // Without declarations the model cannot call anything: it answers in text.
    const plain = (await (
      await call(t.emu, ask('weather in Paris'), { key: t.key })
    ).json()) as GenerateContentResponse;
    expect(textOf(plain)).toBe(t.emu.expectedText('weather in Paris'));
  });
});

describe('structured and multimodal requests', () => {
  it('answers JSON conforming to responseJsonSchema and responseSchema', async () => {
    const schema = {
      type: 'object',
      properties: { title: { type: 'string' }, rating: { type: 'integer', minimum: 1, maximum: 5 } },
      required: ['title', 'rating'],
    };
    const req = ask('Review a film', {
      generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema },
    });
    const body = (await (await call(t.emu, req, { key: t.key })).json()) as GenerateContentResponse;
    const value = JSON.parse(textOf(body)) as { title: string; rating: number };
    expect(typeof value.title).toBe('string');
    expect(value.rating).toBeGreaterThanOrEqual(1);
    expect(value.rating).toBeLessThanOrEqual(5);
    expect(t.emu.expectedAnswer(req)).toBe(textOf(body));

    const ai = sdk(t.emu, t.key);
    const res = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'List two colours',
      config: {
        responseMimeType: 'application/json',
        responseSchema: { type: 'ARRAY' as never, items: { type: 'STRING' as never } },
      },
    });
    expect(JSON.parse(res.text ?? '')).toEqual([expect.any(String), expect.any(String)]);
  });

  it('mentions the count, types and sizes of inline images', async () => {
    const png = Buffer.alloc(68, 1).toString('base64');
    const jpeg = Buffer.alloc(1000, 2).toString('base64');
    const req = {
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'What is in these?' },
            { inlineData: { mimeType: 'image/png', data: png } },
            { inline_data: { mime_type: 'image/jpeg', data: jpeg } },
          ],
        },
      ],
    };
    const body = (await (await call(t.emu, req, { key: t.key })).json()) as GenerateContentResponse;
    expect(textOf(body)).toMatch(
      /^I can see 2 images: image\/png \(68 bytes\), image\/jpeg \(1000 bytes\)\./,
    );
    expect(body.usageMetadata?.promptTokensDetails).toEqual([
      { modality: 'TEXT', tokenCount: countTextTokens('What is in these?') },
      { modality: 'IMAGE', tokenCount: 516 },
    ]);
  });
});

describe('Gemini 3 thought signatures', () => {
  const tools = [{ functionDeclarations: [{ name: 'lookup' }] }];

  async function firstCall(apiKey: string): Promise<{ functionCall: unknown; thoughtSignature?: string }> {
    t.emu.setAnswer('find it', { functionCalls: [{ name: 'lookup', args: { q: 'it' } }] });
    const body = (await (
      await call(t.emu, ask('find it', { tools }), { key: apiKey, model: 'gemini-3-pro-preview' })
    ).json()) as GenerateContentResponse;
    return body.candidates?.[0]?.content?.parts?.[0] as { functionCall: unknown; thoughtSignature?: string };
  }

  function replay(part: unknown) {
    return {
      tools,
      contents: [
        user('find it'),
        { role: 'model', parts: [part] },
        { role: 'user', parts: [{ functionResponse: { name: 'lookup', response: { found: true } } }] },
      ],
    };
  }

  it('accepts a replayed call with its signature, from any key of the same project', async () => {
    const part = await firstCall(t.key);
    expect(part.thoughtSignature).toEqual(expect.any(String));
    expect((await call(t.emu, replay(part), { key: t.key, model: 'gemini-3-pro-preview' })).status).toBe(200);
    const sibling = t.emu.newKey();
    t.emu.setProject(t.key, 'shared');
    t.emu.setProject(sibling, 'shared');
    const shared = await firstCall(t.key);
    expect((await call(t.emu, replay(shared), { key: sibling, model: 'gemini-3-pro-preview' })).status).toBe(
      200,
    );
  });

  it('refuses a call replayed without a signature, or with another project’s', async () => {
    const part = await firstCall(t.key);
    const missing = await call(t.emu, replay({ functionCall: part.functionCall }), {
      key: t.key,
      model: 'gemini-3-pro-preview',
    });
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).message).toMatch(
      /^Function call is missing a thought_signature in functionCall parts\..*function call `default_api:lookup` , position 2\./,
    );
    const other = await call(t.emu, replay(part), { key: t.emu.newKey(), model: 'gemini-3-pro-preview' });
    expect(await errorOf(other)).toEqual({
      code: 400,
      message: 'Corrupted thought signature.',
      status: 'INVALID_ARGUMENT',
    });
  });

  it('accepts the documented skip_thought_signature_validator placeholder', async () => {
    const part = {
      functionCall: { name: 'lookup', args: {} },
      thoughtSignature: 'skip_thought_signature_validator',
    };
    expect((await call(t.emu, replay(part), { key: t.key, model: 'gemini-3-flash-preview' })).status).toBe(
      200,
    );
  });

  it('does not validate signatures on 2.5 models', async () => {
    const part = { functionCall: { name: 'lookup', args: {} } };
    expect((await call(t.emu, replay(part), { key: t.key, model: 'gemini-2.5-flash' })).status).toBe(200);
  });

  it('refuses a request that ends with a model turn', async () => {
    const res = await call(
      t.emu,
      { contents: [user('hi'), model('Hello')] },
      { key: t.key, model: 'gemini-3-pro-preview' },
    );
    expect(await errorOf(res)).toEqual({
      code: 400,
      message: 'Requests ending with a model turn are not supported.',
      status: 'INVALID_ARGUMENT',
    });
    expect((await call(t.emu, { contents: [user('hi'), model('Hello')] }, { key: t.key })).status).toBe(200);
  });
});
