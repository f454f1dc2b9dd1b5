import zlib from 'node:zlib';
import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { readUsageRows } from './support/usageLog.js';
import { faults } from './emulator/index.js';
import {
  CLAUDE_CODE_HEADERS,
  claudeCodeAfterToolCall,
  claudeCodeFirstTurn,
} from '../proxy/translate/anthropic/__fixtures__/claudeCode.js';
import {
  eventOrder,
  streamedMessage,
  THINKING_THEN_TEXT,
} from '../proxy/translate/anthropic/__fixtures__/stream.js';

type SentRequest = {
  systemInstruction?: { parts: Array<{ text: string }> };
  contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
  tools?: Array<{ functionDeclarations?: Array<{ name: string }> }>;
  generationConfig?: Record<string, unknown>;
};

/** Anthropic's Messages API through the real `@anthropic-ai/sdk`, as Claude Code and scripts use it. */
describe('Anthropic dialect with @anthropic-ai/sdk', () => {
  let h: Harness;
  let client: Anthropic;
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 2 } } });
    client = new Anthropic({ authToken: h.token, apiKey: null, baseURL: h.url, maxRetries: 0 });
  });
  afterAll(() => h.close());
  const lastSent = () => h.emulator.requests.at(-1)!.body as SentRequest;

  it('answers whole, exactly, with usage counting thoughts as output', async () => {
    const message = await client.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'What is a seam?' }],
    });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.id).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(message.content).toEqual([{ type: 'text', text: h.emulator.expectedText('What is a seam?') }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);
  });

  it("streams exactly, in Anthropic's event order, each event named after its type", async () => {
    const response = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': h.token,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        model: 'gemini-2.5-flash',
        max_tokens: 1024,
        stream: true,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        messages: [{ role: 'user', content: '讲一个关于 emoji 🙂 的故事' }],
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Each frame named after its type (streamedMessage checks), in Anthropic's order.
    const { events, content } = streamedMessage(await response.text());
    expect(eventOrder(events)).toEqual(THINKING_THEN_TEXT);
    const text = content[1]!.type === 'text' ? content[1]!.text : undefined;
    expect(text).toBe(h.emulator.expectedText('讲一个关于 emoji 🙂 的故事'));
    expect(lastSent().generationConfig).toMatchObject({
      thinkingConfig: { thinkingBudget: 2048, includeThoughts: true },
    });
  });

  it("the SDK's stream helper gives the same message as a whole answer", async () => {
    const params = {
      model: 'gemini-2.5-flash',
      max_tokens: 1024,
      thinking: { type: 'adaptive' as const },
      messages: [{ role: 'user' as const, content: 'Compare whole and streamed.' }],
    };
    const streamed = await client.messages.stream(params).finalMessage();
    const whole = await client.messages.create(params);
    expect(streamed.content).toEqual(whole.content);
    expect(streamed.content.map((block) => block.type)).toEqual(['thinking', 'text']);
    expect(streamed.stop_reason).toBe(whole.stop_reason);
    expect(streamed.usage).toEqual(whole.usage);
  });

  it('takes the token as x-api-key as well as Authorization: Bearer, and refuses a wrong one in its shape', async () => {
    const byKey = new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
    const message = await byKey.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hello by key' }],
    });
    expect((message.content[0] as Anthropic.TextBlock).text).toBe(h.emulator.expectedText('Hello by key'));

    const stranger = new Anthropic({ apiKey: 'sk-ant-wrong', baseURL: h.url, maxRetries: 0 });
    const refused = await stranger.messages
      .create({ model: 'gemini-2.5-flash', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((refused as InstanceType<typeof Anthropic.AuthenticationError>).error).toEqual({
      type: 'error',
      error: {
        type: 'authentication_error',
        message: expect.stringMatching(/^Invalid gemgate client token/),
      },
    });
  });

  it('answers on /v1/messages?beta=true, the path Claude Code uses', async () => {
    const message = await client.beta.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Hello, beta' }],
      betas: ['interleaved-thinking-2025-05-14', 'some-future-beta-2031-01-01'],
    });
    expect(h.emulator.requests.at(-1)!.path).toMatch(/:streamGenerateContent$/);
    expect((message.content[0] as Anthropic.Beta.BetaTextBlock).text).toBe(
      h.emulator.expectedText('Hello, beta'),
    );
  });

  it('sends system blocks with cache_control as the system instruction', async () => {
    await client.messages.create({
      model: 'gemini-2.5-flash',
      max_tokens: 100,
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Answer in English.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Cached?', cache_control: { type: 'ephemeral' } }] },
      ],
    });
    expect(lastSent().systemInstruction).toEqual({
      parts: [{ text: 'You are terse.\n\nAnswer in English.' }],
    });
    expect(lastSent().contents).toEqual([{ role: 'user', parts: [{ text: 'Cached?' }] }]);
  });

  it('a tool round trip: the thought signature goes back upstream from the thinking block', async () => {
    const tools: Anthropic.Tool[] = [
      {
        name: 'get_weather',
        description: 'Weather for a city',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    h.emulator.setAnswer('Weather in Paris?', {
      functionCalls: [{ name: 'get_weather', args: { city: 'Paris' } }],
    });
    const first = await client.messages
      .stream({
        model: 'gemini-3-flash-preview',
        max_tokens: 1024,
        thinking: { type: 'adaptive' },
        tools,
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
      })
      .finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const thinking = first.content.find((block) => block.type === 'thinking')!;
    const call = first.content.find((block) => block.type === 'tool_use')!;
    expect(thinking.signature).toMatch(/^gemini:/);
    expect(call).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { city: 'Paris' } });

    /** The turn after the call: the assistant's blocks as the client keeps them, then the result. */
    const afterCall = (assistant: Anthropic.ContentBlockParam[], result: string) =>
      client.messages.create({
        model: 'gemini-3-flash-preview',
        max_tokens: 1024,
        tools,
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          { role: 'assistant', content: assistant },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: result }] },
        ],
      });
    const toolUse = { type: 'tool_use' as const, id: call.id, name: call.name, input: call.input };

    // As Claude Code sends it back: the thinking block's three fields and the tool_use's four.
    const second = await afterCall(
      [{ type: 'thinking', thinking: thinking.thinking, signature: thinking.signature }, toolUse],
      '{"temperature": 21}',
    );
    const sent = lastSent();
    expect(sent.contents[1]!.parts[0]).toEqual({
      functionCall: { name: 'get_weather', args: { city: 'Paris' } },
      thoughtSignature: thinking.signature.slice('gemini:'.length),
    });
    expect(sent.contents[2]!.parts[0]).toEqual({
      functionResponse: { name: 'get_weather', response: { temperature: 21 } },
    });
    expect(second.content).toEqual([
      { type: 'text', text: h.emulator.expectedAnswer(sent as never, 'gemini-3-flash-preview') },
    ]);

    // A client that drops thinking blocks: gemgate remembered the signature by the tool_use id.
    await afterCall([toolUse], 'sunny');
    expect(lastSent().contents[1]!.parts[0]!.thoughtSignature).toBe(
      sent.contents[1]!.parts[0]!.thoughtSignature,
    );
  });

  it('a cut stream around a tool call: the text resumed seamlessly, the call whole and once', async () => {
    const tools: Anthropic.Tool[] = [
      { name: 'lookup', input_schema: { type: 'object', properties: { q: { type: 'string' } } } },
    ];
    const text = 'Let me look that up for you before I answer.';
    h.emulator.setAnswer('Look up seams.', {
      text,
      functionCalls: [{ name: 'lookup', args: { q: 'seams' } }],
    });
    const ask = () =>
      client.messages
        .stream({
          model: 'gemini-2.5-flash',
          max_tokens: 1024,
          tools,
          messages: [{ role: 'user', content: 'Look up seams.' }],
        })
        .finalMessage();

    // Cut in the middle of the text: continued, then the call.
    h.emulator.injectFault(faults.cut(12));
    const resumed = await ask();
    expect(resumed.content).toEqual([
      { type: 'text', text },
      { type: 'tool_use', id: expect.any(String), name: 'lookup', input: { q: 'seams' } },
    ]);
    expect(resumed.stop_reason).toBe('tool_use');

    // The stream ends after the call but before its finishReason: the call stands, never replayed.
    h.emulator.injectFault(faults.endWithoutFinish(1000));
    const ended = await ask();
    expect(ended.content.filter((block) => block.type === 'tool_use')).toHaveLength(1);
    expect(ended.stop_reason).toBe('tool_use');
    expect(h.emulator.pendingFaults()).toBe(0);
  });

  it('count_tokens counts the prompt as Gemini does for the same request', async () => {
    const params = {
      model: 'gemini-2.5-flash',
      system: 'Count me too.',
      messages: [{ role: 'user' as const, content: 'How many tokens is this prompt?' }],
    };
    const counted = await client.messages.countTokens(params);
    const sent = h.emulator.requests.at(-1)!;
    expect(sent.action).toBe('countTokens');
    const message = await client.messages.create({ ...params, max_tokens: 100 });
    expect(counted.input_tokens).toBeGreaterThan(0);
    expect(counted.input_tokens).toBe(message.usage.input_tokens);
  });

  it('lists models in Anthropic’s shape when the caller speaks it', async () => {
    const page = await client.models.list({ limit: 3 });
    expect(page.data).toHaveLength(3);
    expect(page.data[0]).toMatchObject({
      type: 'model',
      id: expect.stringMatching(/^gemini-/),
      display_name: expect.any(String),
    });
    expect(page.has_more).toBe(true);
    const next = await client.models.list({ limit: 3, after_id: page.last_id! });
    expect(next.data[0]!.id).not.toBe(page.data[0]!.id);
    const one = await client.models.retrieve('claude-haiku-4-5-20251001');
    expect(one).toMatchObject({ id: 'claude-haiku-4-5-20251001', display_name: 'Gemini 2.5 Flash' });
  });

  it('serves a Claude id by the Gemini model of its weight', async () => {
    const message = await client.messages.create({
      model: 'claude-haiku-4-5-20251001',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Which model?' }],
    });
    expect(h.emulator.requests.at(-1)!.model).toBe('gemini-2.5-flash');
    expect(message.model).toBe('claude-haiku-4-5-20251001');
  });

  it('logs each request once, as the Anthropic dialect, with the Gemini model and its tokens', async () => {
    const since = Date.now();
    await client.messages.create({
      model: 'claude-opus-4-1',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Log me.' }],
    });
    await client.messages
      .stream({
        model: 'gemini-2.5-flash',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Log me too.' }],
      })
      .finalMessage();
    // The log is written in batches; rows of earlier tests may still be on their way.
    let rows = readUsageRows(h.dataDir).filter((row) => Number(row.at) >= since);
    for (let tries = 0; rows.length < 2 && tries < 200; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      rows = readUsageRows(h.dataDir).filter((row) => Number(row.at) >= since);
    }
    expect(rows.map((row) => [row.dialect, row.endpoint, row.model, row.stream, row.status])).toEqual([
      ['anthropic', 'messages', 'gemini-2.5-pro', 0, 200],
      ['anthropic', 'messages', 'gemini-2.5-flash', 1, 200],
    ]);
    for (const row of rows) expect(row.prompt_tokens).toBeGreaterThan(0);
  });

  it('takes a gzip-compressed body', async () => {
    const body = zlib.gzipSync(
      JSON.stringify({
        model: 'gemini-2.5-flash',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Zipped?' }],
      }),
    );
    const response = await fetch(`${h.url}/v1/messages`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.token}`,
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      },
      body,
    });
    expect(response.status).toBe(200);
    const message = (await response.json()) as Anthropic.Message;
    expect((message.content[0] as Anthropic.TextBlock).text).toBe(h.emulator.expectedText('Zipped?'));
  });
});

describe("Anthropic dialect errors, in Anthropic's shape", () => {
  let h: Harness;
  let client: Anthropic;
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
    client = new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
  });
  afterAll(() => h.close());
  const create = (extra: Partial<Anthropic.MessageCreateParamsNonStreaming> = {}) =>
    client.messages
      .create({
        model: 'gemini-2.5-flash',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hi' }],
        ...extra,
      })
      .then(
        () => {
          throw new Error('expected an error');
        },
        (error: unknown) => error as InstanceType<typeof Anthropic.APIError>,
      );

  it('a malformed request: 400 invalid_request_error naming the field', async () => {
    const error = await create({ max_tokens: 'many' as never });
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect(error.error).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: 'max_tokens: Input should be a valid number' },
    });
  });

  it('a model Gemini does not have: 404 not_found_error', async () => {
    const error = await create({ model: 'gemini-0-nothing' });
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error.error as { error: { type: string } }).error.type).toBe('not_found_error');
  });

  it('Gemini overloaded everywhere: 529 overloaded_error, which clients retry', async () => {
    for (let i = 0; i < 8; i++) h.emulator.injectFault(faults.overloaded());
    const error = await create();
    expect(error.status).toBe(529);
    expect((error.error as { error: { type: string } }).error.type).toBe('overloaded_error');
    while (h.emulator.pendingFaults() > 0)
      await create({ messages: [{ role: 'user', content: 'drain' }] }).catch(() => undefined);
  });

  it('an unknown path, asked the Anthropic way: 404 in its shape', async () => {
    const response = await fetch(`${h.url}/v1/nothing`, {
      headers: { 'x-api-key': h.token, 'anthropic-version': '2023-06-01' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'not_found_error', message: 'No route for GET /v1/nothing.' },
    });
  });

  it('a stream cut more often than resume allows ends with an error event the SDK throws on', async () => {
    for (let i = 0; i < 5; i++) h.emulator.injectFault(faults.cut(10));
    const stream = client.messages.stream({
      model: 'gemini-2.5-flash',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Cut me.' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow(/cut off/);
  });
  // Last: it leaves the only key cooling.
  it('every key cooling: 429 rate_limit_error with retry-after', async () => {
    h.emulator.injectFault(faults.rateLimit({ retryDelay: '20s' }));
    const error = await create();
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect(error.headers?.get('retry-after')).toBe('20');
    expect((error.error as { error: { type: string } }).error.type).toBe('rate_limit_error');
  });
});

describe('a request copied from Claude Code', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
  });
  afterAll(() => h.close());

  it('is answered, and its turn after the tool call too, with the signature back upstream', async () => {
    h.emulator.setAnswer(/List the files here$/, {
      functionCalls: [{ name: 'Bash', args: { command: 'ls' } }],
    });
    h.emulator.setAnswer((req) => JSON.stringify(req.contents).includes('functionResponse'), {
      text: 'Three files.',
    });
    const post = (body: unknown) =>
      fetch(`${h.url}/v1/messages?beta=true`, {
        method: 'POST',
        headers: {
          ...CLAUDE_CODE_HEADERS,
          authorization: `Bearer ${h.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    const first = claudeCodeFirstTurn('claude-sonnet-4-5-20250929');
    const response = await post(first);
    expect(response.status).toBe(200);
    const { events, content } = streamedMessage(await response.text());
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
    const sent = h.emulator.requests.at(-1)!;
    expect(sent.model).toBe('gemini-2.5-pro');
    expect((sent.body as SentRequest).tools![0]!.functionDeclarations).toHaveLength(24);

    const thinking = content.find((block) => block.type === 'thinking')!;
    const toolUse = content.find((block) => block.type === 'tool_use')!;
    expect(toolUse).toMatchObject({ name: 'Bash', input: { command: 'ls' } });
    const second = await post(
      claudeCodeAfterToolCall(first, {
        thinking: thinking.thinking,
        signature: thinking.signature,
        toolUseId: toolUse.id,
        input: toolUse.input,
      }),
    );
    expect(second.status).toBe(200);
    const answer = streamedMessage(await second.text()).content;
    expect(answer.filter((block) => block.type === 'text')).toEqual([{ type: 'text', text: 'Three files.' }]);
    const resent = h.emulator.requests.at(-1)!.body as SentRequest;
    expect(resent.contents[1]!.parts[0]!.thoughtSignature).toBe(thinking.signature.slice('gemini:'.length));
  });
});
