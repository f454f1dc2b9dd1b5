import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from './emulator/index.js';
import { startHarness, type Harness } from './support/harness.js';

type SentRequest = {
  tools?: Array<Record<string, unknown>>;
  toolConfig?: Record<string, unknown>;
};

let h: Harness;
let client: Anthropic;
beforeAll(async () => {
  h = await startHarness({ accounts: { main: { keys: 1 } } });
  client = new Anthropic({ authToken: h.token, apiKey: null, baseURL: h.url, maxRetries: 0 });
});
afterAll(() => h.close());

/**
 * Anthropic's web search server tool beside a client's own tools, through the real `@anthropic-ai/sdk`,
 * as Cherry Studio's Anthropic provider sends it when web search and MCP tools are both on. Gemini 2.5
 * refuses search beside functions (400 "Tool use with function calling is unsupported"); Gemini 3
 * takes the pair only with `toolConfig.includeServerSideToolInvocations` (the emulator plays both).
 */
describe('Anthropic web search beside client tools', () => {
  const lastSent = () => h.emulator.requests.at(-1)!.body as SentRequest;

  const question = 'What changed in the news today?';
  const params = (model: string) => ({
    model,
    messages: [{ role: 'user' as const, content: question }],
    tools: [
      { type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 5 },
      {
        name: 'mcp__fetch__fetch',
        description: 'Fetches a URL',
        input_schema: { type: 'object' as const, properties: { url: { type: 'string' } } },
      },
    ],
  });
  const textOf = (message: Anthropic.Message) =>
    message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');

  it('on Gemini 2.5: answered with the client tools, the search left out and said so', async () => {
    const { data, response } = await client.messages
      .create({ ...params('gemini-2.5-flash'), max_tokens: 1024 })
      .withResponse();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-gemgate-tools-dropped')).toBe('web_search');
    expect(textOf(data)).toBe(h.emulator.expectedText(question));
    expect(lastSent().tools).toEqual([
      { functionDeclarations: [expect.objectContaining({ name: 'mcp__fetch__fetch' })] },
    ]);
    expect(lastSent().toolConfig).toBeUndefined();
  });

  it('on Gemini 2.5, streamed: the header comes with the stream', async () => {
    const { data, response } = await client.messages
      .create({ ...params('gemini-2.5-flash'), max_tokens: 1024, stream: true })
      .withResponse();
    expect(response.headers.get('x-gemgate-tools-dropped')).toBe('web_search');
    let text = '';
    for await (const event of data)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    expect(text).toBe(h.emulator.expectedText(question));
  });

  it('count_tokens counts the prompt that is sent: the search left out on Gemini 2.5 too', async () => {
    const { data, response } = await client.messages.countTokens(params('gemini-2.5-flash')).withResponse();
    expect(response.headers.get('x-gemgate-tools-dropped')).toBe('web_search');
    expect(data.input_tokens).toBeGreaterThan(0);
    const counted = h.emulator.requests.at(-1)!.body as { generateContentRequest: SentRequest };
    expect(counted.generateContentRequest.tools).toEqual([{ functionDeclarations: expect.any(Array) }]);
  });

  it.each(['gemini-3-flash-preview', 'gemini-3-pro-preview'])(
    "on %s: search beside the functions, as Google's tool combination asks, and nothing dropped",
    async (model) => {
      const { data, response } = await client.messages
        .create({ ...params(model), max_tokens: 1024 })
        .withResponse();
      expect(response.status).toBe(200);
      expect(response.headers.get('x-gemgate-tools-dropped')).toBeNull();
      expect(textOf(data)).toBe(h.emulator.expectedText(question));
      expect(lastSent().tools).toEqual([{ functionDeclarations: expect.any(Array) }, { googleSearch: {} }]);
      expect(lastSent().toolConfig).toEqual({ includeServerSideToolInvocations: true });
    },
  );
});

/**
 * What Claude Code's WebSearch tool sends (a sub-request with only the web_search tool) and what it
 * reads back: the searches, their pages linked to them by tool_use_id, citations on the answer, and
 * usage.server_tool_use. Gemini's grounding is played by the emulator (ScriptedAnswer.grounding).
 */
describe('Anthropic web search: what Gemini searched and found', () => {
  const question = 'Perform a web search for the query: who won Euro 2024';
  const first = 'Spain won Euro 2024 (la Selección Española), beating England 2-1.';
  const second = 'It was their fourth European title.';
  const answer = `${first} ${second}`;
  const redirect = 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/';
  const params = {
    model: 'gemini-2.5-flash',
    max_tokens: 1024,
    messages: [{ role: 'user' as const, content: question }],
    tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 8 }],
  };
  beforeAll(() => {
    h.emulator.setAnswer(question, {
      text: answer,
      grounding: {
        queries: ['Euro 2024 winner', 'UEFA Euro 2024 final'],
        sources: [
          { uri: `${redirect}aaa`, title: 'uefa.com' },
          { uri: `${redirect}bbb`, title: 'bbc.com' },
        ],
        supports: [
          { text: first, sources: [0, 1] },
          { text: second, sources: [0] },
        ],
      },
    });
  });

  /** The blocks and usage a client reads, whichever way the answer came. */
  function expectSearchReport(message: Anthropic.Message): void {
    expect(message.content.map((block) => block.type)).toEqual([
      'text',
      'server_tool_use',
      'server_tool_use',
      'web_search_tool_result',
    ]);
    const [text, search, other, result] = message.content as [
      Anthropic.TextBlock,
      Anthropic.ServerToolUseBlock,
      Anthropic.ServerToolUseBlock,
      Anthropic.WebSearchToolResultBlock,
    ];
    expect(text.text).toBe(answer);
    expect(text.citations).toEqual([
      {
        type: 'web_search_result_location',
        url: `${redirect}aaa`,
        title: 'uefa.com',
        encrypted_index: '',
        cited_text: first,
      },
      expect.objectContaining({ url: `${redirect}bbb`, title: 'bbc.com', cited_text: first }),
      expect.objectContaining({ url: `${redirect}aaa`, cited_text: second }),
    ]);
    expect(search).toMatchObject({ name: 'web_search', input: { query: 'Euro 2024 winner' } });
    expect(other).toMatchObject({ name: 'web_search', input: { query: 'UEFA Euro 2024 final' } });
    expect(search.id).toMatch(/^srvtoolu_/);
    expect(other.id).not.toBe(search.id);
    expect(result.tool_use_id).toBe(search.id);
    expect(result.content).toEqual([
      {
        type: 'web_search_result',
        url: `${redirect}aaa`,
        title: 'uefa.com',
        encrypted_content: '',
        page_age: null,
      },
      {
        type: 'web_search_result',
        url: `${redirect}bbb`,
        title: 'bbc.com',
        encrypted_content: '',
        page_age: null,
      },
    ]);
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 2, web_fetch_requests: 0 });
    expect(message.stop_reason).toBe('end_turn');
  }

  it('a whole answer: the text cited, the searches, their pages, the searches counted', async () => {
    const message = await client.messages.create(params);
    expectSearchReport(message);
    expect((h.emulator.requests.at(-1)!.body as SentRequest).tools).toEqual([{ googleSearch: {} }]);
  });

  it("streamed: events the SDK's MessageStream accepts, folding into the same message", async () => {
    const stream = client.messages.stream(params);
    const order: string[] = [];
    stream.on('streamEvent', (event) => order.push(event.type));
    const message = await stream.finalMessage();
    expectSearchReport(message);
    expect(order.at(-2)).toBe('message_delta');
    expect(order.filter((type) => type === 'content_block_start')).toHaveLength(4);
    expect(order.filter((type) => type === 'content_block_stop')).toHaveLength(4);
  });

  it('a stream cut mid-text and resumed: one seamless answer, the final attempt’s grounding reported', async () => {
    h.emulator.injectFault(faults.cut(20));
    const message = await client.messages.stream(params).finalMessage();
    expect(h.emulator.pendingFaults()).toBe(0);
    expect(message.content.map((block) => block.type)).toEqual([
      'text',
      'server_tool_use',
      'server_tool_use',
      'web_search_tool_result',
    ]);
    const text = message.content[0] as Anthropic.TextBlock;
    expect(text.text).toBe(answer);
    // The continuation grounded only what it wrote: the second sentence, found in the whole answer.
    expect(text.citations).toEqual([expect.objectContaining({ url: `${redirect}aaa`, cited_text: second })]);
    expect(message.usage.server_tool_use).toEqual({ web_search_requests: 2, web_fetch_requests: 0 });
  });

  it('the answer sent back in the next turn reaches Gemini as its text only', async () => {
    const message = await client.messages.create(params);
    await client.messages.create({
      ...params,
      messages: [
        ...params.messages,
        { role: 'assistant', content: message.content },
        { role: 'user', content: 'Thanks. And who lost?' },
      ],
    });
    const sent = h.emulator.requests.at(-1)!.body as { contents: unknown[] };
    expect(sent.contents).toEqual([
      { role: 'user', parts: [{ text: question }] },
      { role: 'model', parts: [{ text: answer }] },
      { role: 'user', parts: [{ text: 'Thanks. And who lost?' }] },
    ]);
  });

  it('an answer Gemini did not ground has no search blocks and no server tool use', async () => {
    const message = await client.messages.create({
      ...params,
      messages: [{ role: 'user', content: 'Say hello' }],
    });
    expect(message.content.map((block) => block.type)).toEqual(['text']);
    expect(message.usage.server_tool_use ?? null).toBeNull();
  });
});
