import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs, streamText, tool, type ModelMessage } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startHarness, type Harness } from './support/harness.js';
import { defaultProjectOf } from './emulator/keys.js';
import { checkSignature } from './emulator/signatures.js';

type SentRequest = { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> };

/**
 * The AI SDK's default OpenAI provider (`openai(model)` is the Responses API), set up as its docs and
 * the dashboard's snippet say: only `baseURL` and `apiKey`. Its default is OpenAI's `store: true`, so
 * from the second step of a tool loop it refers to its own earlier items by id (`item_reference`):
 * the reasoning item carrying Gemini's thought signature, and earlier answers in a chat.
 */
describe('the AI SDK default provider', () => {
  let h: Harness;
  /** The bodies the SDK sent to gemgate, to see that it did refer to items by id. */
  const sentToGemgate: Array<{ input: Array<{ type?: string; id?: string }> }> = [];
  const provider = () =>
    createOpenAI({
      baseURL: `${h.url}/v1`,
      apiKey: h.token,
      fetch: async (url, init) => {
        sentToGemgate.push(JSON.parse(String(init?.body)));
        return fetch(url, init);
      },
    });
  const referencesOfLastCall = () =>
    sentToGemgate
      .at(-1)!
      .input.filter((item) => item.type === 'item_reference')
      .map((item) => item.id);
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
    h.emulator.setAnswer('What is the weather in Lima?', {
      functionCalls: [{ name: 'get_weather', args: { city: 'Lima' } }],
    });
  });
  afterAll(() => h.close());

  const weather = tool({
    description: 'Weather for a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => ({ city, celsius: 19 }),
  });

  it('runs a tool loop on Gemini 3 to the exact answer, the thought signature going back by reference', async () => {
    const before = h.emulator.requests.length;
    const result = await generateText({
      model: provider()('gemini-3-flash-preview'),
      tools: { get_weather: weather },
      stopWhen: stepCountIs(4),
      prompt: 'What is the weather in Lima?',
    });
    expect(result.steps).toHaveLength(2);
    expect(referencesOfLastCall()).toEqual([expect.stringMatching(/^rs_/)]);
    expect(result.steps[0]!.toolCalls).toMatchObject([{ toolName: 'get_weather', input: { city: 'Lima' } }]);
    const generated = h.emulator.requests.slice(before).filter((r) => r.action?.includes('enerateContent'));
    expect(generated).toHaveLength(2);
    const second = generated[1]!.body as SentRequest;
    const callTurn = second.contents[1]!;
    expect(callTurn.parts[0]).toMatchObject({
      functionCall: { name: 'get_weather', args: { city: 'Lima' } },
    });
    // The signature Gemini minted for the call, not the placeholder: it travelled in the stored reasoning item.
    const signature = callTurn.parts[0]!.thoughtSignature as string;
    expect(checkSignature(signature, defaultProjectOf(h.keys.main![0]!.key))).toBe('ok');
    expect(second.contents[2]!.parts[0]).toEqual({
      functionResponse: { name: 'get_weather', response: { city: 'Lima', celsius: 19 } },
    });
    expect(result.text).toBe(h.emulator.expectedAnswer(second as never, 'gemini-3-flash-preview'));
    expect(result.finishReason).toBe('stop');
  });

  it('answers a two-turn chat that passes response.messages back, streamed', async () => {
    const model = provider()('gemini-2.5-flash');
    const messages: ModelMessage[] = [{ role: 'user', content: 'Name a famous bridge.' }];
    const first = streamText({ model, messages });
    expect(await first.text).toBe(h.emulator.expectedText('Name a famous bridge.'));
    messages.push(...(await first.response).messages, { role: 'user', content: 'How long is it?' });

    const second = streamText({ model, messages });
    expect(await second.text).toBe(h.emulator.expectedText('How long is it?'));
    expect(referencesOfLastCall()).toEqual([expect.stringMatching(/^msg_/)]);
    const sent = h.emulator.requests.at(-1)!.body as SentRequest;
    expect(sent.contents).toEqual([
      { role: 'user', parts: [{ text: 'Name a famous bridge.' }] },
      { role: 'model', parts: [{ text: await first.text }] },
      { role: 'user', parts: [{ text: 'How long is it?' }] },
    ]);
  });
});
