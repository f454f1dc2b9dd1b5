import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatFaults, startOpenAIEmulator, type OpenAIEmulator } from './index.js';

/** The emulator itself, through the real openai SDK, as a client of DashScope's compatible mode sees it. */
describe('OpenAI-compatible emulator (DashScope-shaped)', () => {
  let emulator: OpenAIEmulator;
  let sdk: OpenAI;
  beforeAll(async () => {
    emulator = await startOpenAIEmulator({ chunkChars: 8 });
    sdk = new OpenAI({ apiKey: emulator.newKey(), baseURL: emulator.baseUrl, maxRetries: 0 });
  });
  afterAll(() => emulator.close());

  it('mints keys shaped like DashScope keys, and lists its models to a known key only', async () => {
    expect(emulator.newKey()).toMatch(/^sk-[0-9a-f]{32}$/);
    expect((await sdk.models.list()).data.map((model) => model.id)).toEqual([
      'qwen-plus',
      'qwen-max',
      'qwen-flash',
      'qwen-turbo',
      'text-embedding-v4',
    ]);
    const stranger = new OpenAI({ apiKey: `sk-${'0'.repeat(32)}`, baseURL: emulator.baseUrl, maxRetries: 0 });
    const refused = (await stranger.models.list().catch((error: unknown) => error)) as InstanceType<
      typeof OpenAI.APIError
    >;
    expect(refused.status).toBe(401);
    expect(refused.error).toMatchObject({ code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
  });

  it('streams the role first, then content, the finish_reason, the usage chunk, and [DONE]', async () => {
    const response = await fetch(`${emulator.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${emulator.newKey()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'qwen-plus',
        stream: true,
        stream_options: { include_usage: true },
        messages: [{ role: 'user', content: 'shapes' }],
      }),
    });
    const events = (await response.text()).trim().split('\n\n');
    expect(events.at(-1)).toBe('data: [DONE]');
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.slice('data: '.length)));
    expect(chunks[0].choices[0].delta).toEqual({ content: '', role: 'assistant' });
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    const usage = chunks.at(-1);
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toMatchObject({
      prompt_tokens: expect.any(Number),
      prompt_tokens_details: { cached_tokens: 0 },
    });
    expect(chunks.slice(0, -1).every((chunk: { usage: unknown }) => chunk.usage === null)).toBe(true);
    const text = chunks
      .map(
        (chunk: { choices: Array<{ delta: { content?: string } }> }) => chunk.choices[0]?.delta.content ?? '',
      )
      .join('');
    expect(text).toBe(emulator.expectedText('shapes'));
  });

  it('continues a last assistant turn marked partial from its text', async () => {
    const full = emulator.expectedText('partial');
    const completion = await sdk.chat.completions.create({
      model: 'qwen-plus',
      messages: [
        { role: 'user', content: 'partial' },
        {
          role: 'assistant',
          content: full.slice(0, 30),
          partial: true,
        } as OpenAI.Chat.ChatCompletionAssistantMessageParam,
      ],
    });
    expect(completion.choices[0]!.message.content).toBe(full.slice(30));
  });

  it('embeds a string or up to 10 strings, in float or base64, one vector per text, and counts the input', async () => {
    const floats = await sdk.embeddings.create({
      model: 'text-embedding-v4',
      input: ['天气很好', 'The weather is fine'],
      dimensions: 64,
      encoding_format: 'float',
    });
    expect(floats.data.map((item) => item.embedding)).toEqual([
      emulator.expectedEmbedding('天气很好', 64),
      emulator.expectedEmbedding('The weather is fine', 64),
    ]);
    expect(Math.hypot(...floats.data[0]!.embedding)).toBeCloseTo(1, 5);
    expect(floats.usage).toEqual({ prompt_tokens: 4 + 19, total_tokens: 4 + 19 });
    // Without encoding_format the SDK asks for base64 and decodes it: the same vector, at 1024 by default.
    const decoded = await sdk.embeddings.create({ model: 'text-embedding-v4', input: '天气很好' });
    expect(decoded.data[0]!.embedding).toEqual(emulator.expectedEmbedding('天气很好'));
    const refusal = (error: unknown) => error as InstanceType<typeof OpenAI.APIError>;
    const tooMany = await sdk.embeddings
      .create({ model: 'text-embedding-v4', input: Array.from({ length: 11 }, (_, i) => `text ${i}`) })
      .catch(refusal);
    expect(tooMany).toMatchObject({ status: 400, error: { code: 'InvalidParameter' } });
    const chatModel = await sdk.embeddings.create({ model: 'qwen-plus', input: 'x' }).catch(refusal);
    expect(chatModel).toMatchObject({ status: 404, error: { code: 'ModelNotFound' } });
  });

  it("answers a 429 with DashScope's code and Retry-After, and a bad request with 400 InvalidParameter", async () => {
    emulator.injectFault(chatFaults.rateLimit({ code: 'Throttling.RateQuota', retryAfterSeconds: 7 }));
    const limited = (await sdk.chat.completions
      .create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;
    expect(limited.status).toBe(429);
    expect(limited.headers?.get('retry-after')).toBe('7');
    expect(limited.error).toMatchObject({ code: 'Throttling.RateQuota' });
    const bad = (await sdk.chat.completions
      .create({ model: 'qwen-plus', messages: [] })
      .catch((error: unknown) => error)) as InstanceType<typeof OpenAI.APIError>;
    expect(bad.status).toBe(400);
    expect(bad.error).toMatchObject({ code: 'InvalidParameter' });
  });

  it('cuts a stream after N characters without a finish_reason or [DONE]', async () => {
    emulator.injectFault(chatFaults.cut(20));
    const stream = await sdk.chat.completions.create({
      model: 'qwen-plus',
      stream: true,
      messages: [{ role: 'user', content: 'cut me' }],
    });
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((error: unknown) => error);
    expect([...text].length).toBe(20);
    expect(failure).toBeInstanceOf(Error);
  });
});
