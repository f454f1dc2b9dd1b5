import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

type SentRequest = {
  tools?: Array<Record<string, unknown>>;
  toolConfig?: Record<string, unknown>;
};

/**
 * Anthropic's web search server tool beside a client's own tools, through the real `@anthropic-ai/sdk`,
 * as Cherry Studio's Anthropic provider sends it when web search and MCP tools are both on. Gemini 2.5
 * refuses search beside functions (400 "Tool use with function calling is unsupported"); Gemini 3
 * takes the pair only with `toolConfig.includeServerSideToolInvocations` (the emulator plays both).
 */
describe('Anthropic web search beside client tools', () => {
  let h: Harness;
  let client: Anthropic;
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
    client = new Anthropic({ authToken: h.token, apiKey: null, baseURL: h.url, maxRetries: 0 });
  });
  afterAll(() => h.close());
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
