import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { faults } from './emulator/index.js';
import { PNG_1X1_BASE64 } from '../proxy/translate/openai/__fixtures__/media.js';

/** The OpenAI dialect through the real `openai` SDK, as Roo Code, Cline and scripts use it. */
describe('OpenAI dialect with the openai SDK', () => {
  let h: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    // Images and files given by URL are served on this machine, which gemgate fetches from only when allowed.
    h = await startHarness({
      accounts: { main: { keys: 2 } },
      settings: { 'fetch.allowHosts': '127.0.0.1' },
    });
    client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => h.close());

  it('answers whole, exactly, with usage that counts thoughts as completion tokens', async () => {
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is a seam?' },
      ],
    });
    expect(completion.choices[0]!.message.content).toBe(h.emulator.expectedText('What is a seam?'));
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    const sent = h.emulator.requests.at(-1)!.body as { systemInstruction: unknown; contents: unknown };
    expect(sent.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    const usage = completion.usage!;
    expect(usage.total_tokens).toBe(usage.prompt_tokens + usage.completion_tokens);
    expect(usage.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it('streams exactly, with a usage chunk when asked and [DONE] at the end', async () => {
    const stream = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: '讲一个关于 emoji 🙂 的故事' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usageSeen = false;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usageSeen = true;
    }
    expect(chunks).toBeGreaterThan(3);
    expect(text).toBe(h.emulator.expectedText('讲一个关于 emoji 🙂 的故事'));
    expect(usageSeen).toBe(true);
  });

  it("the .stream() helper's finalChatCompletion() succeeds on a streamed tool call, and the round trip works", async () => {
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          strict: true,
          parameters: {
            type: 'object',
            properties: { city: { type: 'string' } },
            required: ['city'],
            additionalProperties: false,
          },
        },
      },
    ];
    h.emulator.setAnswer('Weather in Paris?', {
      functionCalls: [{ name: 'get_weather', args: { city: 'Paris' } }],
    });
    const runner = client.chat.completions.stream({
      model: 'gemini-3-flash-preview',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      tools,
    });
    const final = await runner.finalChatCompletion();
    const call = final.choices[0]!.message.tool_calls![0]!;
    expect(final.choices[0]!.finish_reason).toBe('tool_calls');
    expect(call.type).toBe('function');
    if (call.type !== 'function') throw new Error('expected a function call');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });

    // Second turn: the tool result goes back; Gemini 3 needs the call's thought signature, which
    // gemgate remembered (the SDK does not echo extra_content).
    const second = await client.chat.completions.create({
      model: 'gemini-3-flash-preview',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: call.id, type: 'function', function: call.function }],
        },
        { role: 'tool', tool_call_id: call.id, content: '{"temperature": 21}' },
      ],
      tools,
    });
    const sent = h.emulator.requests.at(-1)!.body as {
      contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    };
    expect(sent.contents[1]!.parts[0]).toMatchObject({
      functionCall: { name: 'get_weather', args: { city: 'Paris' } },
      thoughtSignature: expect.any(String),
    });
    expect(sent.contents[1]!.parts[0]!.thoughtSignature).not.toBe('skip_thought_signature_validator');
    expect(sent.contents[2]!.parts[0]).toEqual({
      functionResponse: { name: 'get_weather', response: { temperature: 21 } },
    });
    expect(second.choices[0]!.message.content).toBe(
      h.emulator.expectedAnswer(sent as never, 'gemini-3-flash-preview'),
    );
  });

  it('when the project that minted a signature is cooling, another project answers with the placeholder', async () => {
    const tools: OpenAI.Chat.Completions.ChatCompletionTool[] = [
      {
        type: 'function',
        function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
      },
    ];
    h.emulator.setAnswer('Look it up.', { functionCalls: [{ name: 'lookup', args: { q: 'seams' } }] });
    const first = await client.chat.completions.create({
      model: 'gemini-3-flash-preview',
      messages: [{ role: 'user', content: 'Look it up.' }],
      tools,
    });
    const minter = h.emulator.requests.at(-1)!.apiKey!;
    const call = first.choices[0]!.message.tool_calls![0]!;
    if (call.type !== 'function') throw new Error('expected a function call');
    h.emulator.injectFault(faults.rateLimit({ retryDelay: '30s' }), { key: minter });
    const second = await client.chat.completions.create({
      model: 'gemini-3-flash-preview',
      messages: [
        { role: 'user', content: 'Look it up.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: call.id, type: 'function', function: call.function }],
        },
        { role: 'tool', tool_call_id: call.id, content: 'found it' },
      ],
      tools,
    });
    const [refused, served] = h.emulator.requests.slice(-2);
    expect(refused!.apiKey).toBe(minter);
    expect(served!.apiKey).not.toBe(minter);
    const sent = served!.body as { contents: Array<{ parts: Array<Record<string, unknown>> }> };
    expect(sent.contents[1]!.parts[0]!.thoughtSignature).toBe('skip_thought_signature_validator');
    expect(second.choices[0]!.finish_reason).toBe('stop');
  });

  it('takes an image as a data URL', async () => {
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in this picture?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1_BASE64}` } },
          ],
        },
      ],
    });
    const sent = h.emulator.requests.at(-1)!.body as {
      contents: Array<{ parts: Array<Record<string, unknown>> }>;
    };
    expect(sent.contents[0]!.parts[1]).toEqual({
      inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 },
    });
    expect(completion.choices[0]!.message.content).toMatch(/image\/png/);
  });

  it('fetches an http(s) image URL, and answers a dead link with a 400 naming the field', async () => {
    const png = Buffer.from(PNG_1X1_BASE64, 'base64');
    const images = http.createServer((req, res) => {
      if (req.url === '/cat.png') res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
    try {
      await client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Describe.' },
              { type: 'image_url', image_url: { url: `${base}/cat.png` } },
            ],
          },
        ],
      });
      const sent = h.emulator.requests.at(-1)!.body as {
        contents: Array<{ parts: Array<Record<string, unknown>> }>;
      };
      expect(sent.contents[0]!.parts[1]).toEqual({
        inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 },
      });

      const dead = client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [
          { role: 'user', content: [{ type: 'image_url', image_url: { url: `${base}/missing.png` } }] },
        ],
      });
      await expect(dead).rejects.toMatchObject({
        status: 400,
        param: 'messages[0].content[0].image_url.url',
      });
    } finally {
      images.close();
    }
  });

  it('answers a JSON schema with JSON that fits it', async () => {
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Give me a city.' }],
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'city',
          strict: true,
          schema: {
            type: 'object',
            properties: { name: { type: 'string' }, population: { type: 'integer' } },
            required: ['name', 'population'],
            additionalProperties: false,
          },
        },
      },
    });
    const parsed = JSON.parse(completion.choices[0]!.message.content!) as {
      name: unknown;
      population: unknown;
    };
    expect(typeof parsed.name).toBe('string');
    expect(Number.isInteger(parsed.population)).toBe(true);
    const sent = h.emulator.requests.at(-1)!.body as { generationConfig: Record<string, unknown> };
    expect(sent.generationConfig.responseMimeType).toBe('application/json');
  });

  it("embeds with the SDK's default base64 encoding, decoding to the right dimension", async () => {
    const result = await client.embeddings.create({
      model: 'gemini-embedding-001',
      input: ['one', 'two', 'three'],
      dimensions: 768,
    });
    expect(result.data).toHaveLength(3);
    expect(result.data.every((item) => Array.isArray(item.embedding) && item.embedding.length === 768)).toBe(
      true,
    );
    const float = await client.embeddings.create({
      model: 'text-embedding-004',
      input: 'one',
      encoding_format: 'float',
    });
    expect(float.data[0]!.embedding).toHaveLength(768);
  });

  it('lists models in OpenAI shape, without and with /v1', async () => {
    const models = await client.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toContain('gemini-2.5-flash');
    const bare = await fetch(`${h.url}/models`, { headers: { authorization: `Bearer ${h.token}` } });
    expect(((await bare.json()) as { object: string }).object).toBe('list');
  });

  it('rejects bad input with a 400 in OpenAI shape that names the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ model: 'gemini-2.5-flash', messages: [] }, /messages/],
      [{ model: 'gemini-2.5-flash', messages: [{ role: 'wizard', content: 'hi' }] }, /messages\[0\]\.role/],
      [{ model: 'gemini-2.5-flash', messages: 'hello' }, /messages/],
      [
        { model: 'gemini-2.5-flash', messages: [{ role: 'tool', tool_call_id: 'call_nope', content: 'x' }] },
        /messages\[0\]/,
      ],
    ];
    for (const [body, param] of cases) {
      const response = await fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(400);
      const error = ((await response.json()) as { error: { type: string; param: string } }).error;
      expect(error.type).toBe('invalid_request_error');
      expect(error.param).toMatch(param);
    }
  });

  it('relays a rate limit as 429 in OpenAI shape when every key is cooling', async () => {
    const rateLimited = (body: string) =>
      fetch(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body,
      });
    h.emulator.setQuota({ model: 'gemini-2.5-flash-lite', rpm: 0 });
    const response = await rateLimited(
      JSON.stringify({ model: 'gemini-2.5-flash-lite', messages: [{ role: 'user', content: 'hi' }] }),
    );
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('rate_limit_error');
  });
});
