import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { tokenWithPolicy } from './support/policyToken.js';

type SentRequest = { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> };
const lastSent = (h: Harness) => h.emulator.requests.at(-1)!.body as SentRequest;
/** OpenAI's Response object reports `store`; the SDK's type leaves it out. */
const storeOf = (response: OpenAI.Responses.Response) => (response as unknown as { store: boolean }).store;

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  strict: false,
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/**
 * Stored responses as OpenAI keeps them: every response unless `store: false`, its input and output
 * items kept as the client gave or got them, found again by `item_reference` (for the same client
 * only) and listed by `input_items`. One key, so one project: Gemini 3 takes a thought signature
 * back only through the project that minted it.
 */
describe('items of stored responses', () => {
  let h: Harness;
  let client: OpenAI;
  const clientWith = (token: string) => new OpenAI({ apiKey: token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
    client = clientWith(h.token);
  });
  afterAll(() => h.close());

  it('a response created without `store` is kept: GET returns it, input_items lists what it was given', async () => {
    const input: OpenAI.Responses.ResponseInputItem[] = [
      { role: 'developer', content: 'Answer briefly.' },
      { role: 'user', content: [{ type: 'input_text', text: 'Name a river.' }] },
      { role: 'assistant', content: 'The Loire.' },
      { role: 'user', content: 'Another one?' },
    ];
    const created = await client.responses.create({ model: 'gemini-2.5-flash', input });
    expect(storeOf(created)).toBe(true);
    const fetched = await client.responses.retrieve(created.id);
    expect(fetched.output_text).toBe(created.output_text);

    // Newest first by default, as OpenAI lists them; the SDK pages through with `after`.
    const listed: OpenAI.Responses.ResponseItem[] = [];
    for await (const item of client.responses.inputItems.list(created.id, { limit: 3 })) listed.push(item);
    expect(listed.map((item) => (item as { role: string }).role)).toEqual([
      'user',
      'assistant',
      'user',
      'developer',
    ]);
    expect(listed[0]).toMatchObject({
      type: 'message',
      id: expect.stringMatching(/^msg_/),
      content: [{ type: 'input_text', text: 'Another one?' }],
    });
    expect(new Set(listed.map((item) => item.id)).size).toBe(4);
    const ascending = await client.responses.inputItems.list(created.id, { order: 'asc', limit: 2 });
    expect(ascending.data.map((item) => (item as { role: string }).role)).toEqual(['developer', 'user']);
    expect(ascending.has_more).toBe(true);
  });

  it('item references to a stored answer and its reasoning carry the thought signature into the next turn', async () => {
    h.emulator.setAnswer('Weather in Oslo?', {
      functionCalls: [{ name: 'get_weather', args: { city: 'Oslo' } }],
    });
    const first = await client.responses.create({
      model: 'gemini-3-flash-preview',
      input: 'Weather in Oslo?',
      tools: [weatherTool],
    });
    const [reasoning, call] = first.output as [
      OpenAI.Responses.ResponseReasoningItem,
      OpenAI.Responses.ResponseFunctionToolCall,
    ];
    expect([reasoning.type, call.type]).toEqual(['reasoning', 'function_call']);
    const signature = h.emulator.requests.length; // the next request is the one to read

    // The AI SDK's shape (store on): the reasoning item by reference, the call itself, its output.
    const second = await client.responses.create({
      model: 'gemini-3-flash-preview',
      tools: [weatherTool],
      input: [
        { role: 'user', content: 'Weather in Oslo?' },
        { type: 'item_reference', id: reasoning.id },
        { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
        { type: 'function_call_output', call_id: call.call_id, output: '{"celsius": 4}' },
      ],
    });
    expect(h.emulator.requests.length).toBe(signature + 1);
    const sent = lastSent(h);
    expect(sent.contents[1]!.parts[0]).toMatchObject({
      functionCall: { name: 'get_weather', args: { city: 'Oslo' } },
      thoughtSignature: expect.any(String),
    });
    expect(sent.contents[1]!.parts[0]!.thoughtSignature).not.toBe('skip_thought_signature_validator');
    expect(second.status).toBe('completed');

    // A multi-turn chat refers to the earlier answer by the id of its message.
    const answer = second.output.find((item) => item.type === 'message')!;
    await client.responses.create({
      model: 'gemini-2.5-flash',
      input: [
        { role: 'user', content: 'Weather in Oslo?' },
        { type: 'item_reference', id: answer.id! },
        { role: 'user', content: 'And tomorrow?' },
      ],
    });
    expect(lastSent(h).contents[1]).toEqual({ role: 'model', parts: [{ text: second.output_text }] });

    // What was referred to is listed as the item it stood for.
    const items = await client.responses.inputItems.list(second.id, { order: 'asc' });
    expect(items.data[1]).toMatchObject({ type: 'reasoning', id: reasoning.id });
  });

  it("another client's items, and those of a response made with store: false, are not found", async () => {
    const mine = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Mine.' });
    const unstored = await client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Gone.',
      store: false,
    });
    const other = clientWith(h.gateway.createClientToken('other').token);
    const refer = (as: OpenAI, id: string) =>
      as.responses.create({
        model: 'gemini-2.5-flash',
        input: [
          { type: 'item_reference', id },
          { role: 'user', content: 'Go on.' },
        ],
      });
    const sent = h.emulator.requests.length;
    for (const [as, id] of [
      [other, mine.output[0]!.id!],
      [client, unstored.output[0]!.id!],
      [client, 'msg_never_made'],
    ] as const) {
      await expect(refer(as, id)).rejects.toMatchObject({
        status: 404,
        param: 'input[0].id',
        message: expect.stringContaining(`Item with id '${id}' not found`),
      });
    }
    expect(h.emulator.requests.length).toBe(sent);
    await expect(other.responses.inputItems.list(mine.id)).rejects.toMatchObject({ status: 404 });
    await expect(client.responses.retrieve(unstored.id)).rejects.toMatchObject({ status: 404 });
  });

  it('a client policy can keep a token from storing anything, whatever its requests say', async () => {
    const token = tokenWithPolicy(h.dataDir, 'ephemeral', { storeResponses: false });
    const ephemeral = clientWith(token);
    const response = await ephemeral.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Forget me.',
      store: true,
    });
    expect(storeOf(response)).toBe(false);
    await expect(ephemeral.responses.retrieve(response.id)).rejects.toMatchObject({ status: 404 });
    const continued = ephemeral.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Again?',
      previous_response_id: response.id,
    });
    await expect(continued).rejects.toMatchObject({ status: 400, param: 'previous_response_id' });
  });
});
