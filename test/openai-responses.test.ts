import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { faults } from './emulator/index.js';
import { readUsageRows } from './support/usageLog.js';
import { PNG_1X1_BASE64 } from '../proxy/translate/openai/__fixtures__/media.js';

type SentRequest = {
  contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
  systemInstruction?: unknown;
  tools?: unknown[];
  generationConfig?: Record<string, unknown>;
};
const lastSent = (h: Harness) => h.emulator.requests.at(-1)!.body as SentRequest;
/** OpenAI's Response object reports `store`; the SDK's type leaves it out. */
const storeOf = (response: OpenAI.Responses.Response) => (response as unknown as { store: boolean }).store;

/** The request log's rows for a model, once there are some (the log is written in batches). */
async function rowsOfModel(h: Harness, model: string) {
  const deadline = Date.now() + 5000;
  let rows = readUsageRows(h.dataDir).filter((row) => row.model === model);
  while (rows.length === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    rows = readUsageRows(h.dataDir).filter((row) => row.model === model);
  }
  return rows;
}

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  strict: true,
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
};

/** The Responses API through the real `openai` SDK, as agents, Cherry Studio and ChatBox use it. */
describe('Responses API with the openai SDK', () => {
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

  it('answers whole: the text exactly, instructions as the system instruction, usage in Responses terms', async () => {
    const response = await client.responses.create({
      model: 'gemini-2.5-flash',
      instructions: 'Be brief.',
      input: 'What is a seam?',
    });
    expect(response.object).toBe('response');
    expect(response.id).toMatch(/^resp_/);
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe(h.emulator.expectedText('What is a seam?'));
    expect(response.output).toHaveLength(1);
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed' });
    expect(response.instructions).toBe('Be brief.');
    // Stored, as OpenAI stores a response unless told `store: false`.
    expect(storeOf(response)).toBe(true);
    expect(lastSent(h).systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }] });
    const usage = response.usage!;
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
    expect(usage.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
    expect(usage.output_tokens).toBeGreaterThan(usage.output_tokens_details.reasoning_tokens);
    expect(usage.input_tokens_details.cached_tokens).toBe(0);
  });

  it('streams typed events in order, numbered, and .stream().finalResponse() is the whole answer', async () => {
    const prompt = '讲一个关于 emoji 🙂 的故事';
    const stream = client.responses.stream({ model: 'gemini-2.5-flash', input: prompt });
    const types: string[] = [];
    const numbers: number[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      numbers.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    const final = await stream.finalResponse();
    expect(text).toBe(h.emulator.expectedText(prompt));
    expect(final.output_text).toBe(text);
    expect(final.status).toBe('completed');
    expect(numbers).toEqual(numbers.map((_, i) => i));
    expect(types.slice(0, 4)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
    ]);
    expect(types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(3);
    expect(types.slice(-4)).toEqual([
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
  });

  it('shows thought summaries as a reasoning item before the answer when reasoning.summary asks', async () => {
    h.emulator.setAnswer('Think first.', { text: 'Done thinking.', thoughts: 'Weighing the options.' });
    const response = await client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Think first.',
      reasoning: { effort: 'low', summary: 'auto' },
    });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    const reasoning = response.output[0] as OpenAI.Responses.ResponseReasoningItem;
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'Weighing the options.' }]);
    expect(response.output_text).toBe('Done thinking.');
    expect(lastSent(h).generationConfig?.thinkingConfig).toEqual({
      thinkingBudget: 1024,
      includeThoughts: true,
    });

    // Without summary, no thoughts are asked for and none are shown.
    const quiet = await client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Think first.',
      reasoning: { effort: 'high' },
    });
    expect(quiet.output.map((item) => item.type)).toEqual(['message']);
    expect(lastSent(h).generationConfig?.thinkingConfig).toEqual({ thinkingBudget: 24576 });
  });

  it('answers a JSON schema (text.format) with JSON that fits it', async () => {
    const response = await client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Give me a city.',
      text: {
        format: {
          type: 'json_schema',
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
    const parsed = JSON.parse(response.output_text) as { name: unknown; population: unknown };
    expect(typeof parsed.name).toBe('string');
    expect(Number.isInteger(parsed.population)).toBe(true);
    expect(lastSent(h).generationConfig).toMatchObject({
      responseMimeType: 'application/json',
      responseJsonSchema: { required: ['name', 'population'] },
    });
    expect(response.text?.format).toMatchObject({ type: 'json_schema', name: 'city' });
  });

  it('takes images and PDFs as data URLs in input items', async () => {
    const response = await client.responses.create({
      model: 'gemini-2.5-flash',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'What is in this picture?' },
            { type: 'input_image', detail: 'auto', image_url: `data:image/png;base64,${PNG_1X1_BASE64}` },
            { type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQK' },
          ],
        },
      ],
    });
    expect(lastSent(h).contents[0]!.parts.slice(1)).toEqual([
      { inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0xLjQK' } },
    ]);
    expect(response.output_text).toMatch(/image\/png/);
  });

  it('fetches a file given by URL and sends its bytes inline; a dead link is a 400 that names the field', async () => {
    const pdf = Buffer.from('%PDF-1.4\n% a report\n');
    const server = http.createServer((req, res) => {
      if (req.url === '/report.pdf') res.writeHead(200, { 'content-type': 'application/pdf' }).end(pdf);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await client.responses.create({
        model: 'gemini-2.5-flash',
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: 'Summarise this report' },
              { type: 'input_file', file_url: `${base}/report.pdf` },
            ],
          },
        ],
      });
      expect(lastSent(h).contents[0]!.parts[1]).toEqual({
        inlineData: { mimeType: 'application/pdf', data: pdf.toString('base64') },
      });
      const sent = h.emulator.requests.length;
      const dead = client.responses.create({
        model: 'gemini-2.5-flash',
        input: [{ role: 'user', content: [{ type: 'input_file', file_url: `${base}/gone.pdf` }] }],
      });
      await expect(dead).rejects.toMatchObject({
        status: 400,
        param: 'input[0].content[0].file_url',
        code: 'invalid_file_url',
      });
      expect(h.emulator.requests.length).toBe(sent);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('grounds web_search on Google Search where the model can, and refuses it clearly where it cannot', async () => {
    await client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'News today?',
      tools: [{ type: 'web_search' }],
    });
    expect(lastSent(h).tools).toEqual([{ googleSearch: {} }]);
    const refused = client.responses.create({
      model: 'gemini-2.0-flash-lite',
      input: 'News today?',
      tools: [{ type: 'web_search' }],
    });
    await expect(refused).rejects.toMatchObject({ status: 400, param: 'tools[0].type' });
  });

  it('refuses unknown and unsupported parameters with a 400 that names them', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ temprature: 0.2 }, 'temprature', 'unknown_parameter'],
      [{ reasoning: { effort: 'low', budget: 3 } }, 'reasoning.budget', 'unknown_parameter'],
      [{ background: true }, 'background', 'unsupported_parameter'],
      [{ conversation: 'conv_1' }, 'conversation', 'unsupported_parameter'],
      [
        { tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] },
        'tools[0].type',
        'unsupported_parameter',
      ],
      [{ include: ['message.output_text.logprobs'] }, 'include[0]', 'unsupported_parameter'],
      [{ temperature: 3 }, 'temperature', 'invalid_value'],
      [
        { input: [{ type: 'function_call_output', call_id: 'call_x', output: 'hi' }] },
        'input[0].call_id',
        'invalid_value',
      ],
    ];
    for (const [extra, param, code] of cases) {
      const call = client.responses.create({ model: 'gemini-2.5-flash', input: 'hi', ...extra } as never);
      await expect(call, param).rejects.toMatchObject({
        status: 400,
        param,
        code,
        type: 'invalid_request_error',
      });
    }
    const missing = await fetch(`${h.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash' }),
    });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { param: string } }).error.param).toBe('input');
  });

  it("frames raw SSE as OpenAI does: event names, contiguous sequence numbers, no [DONE]; and under Google's compat path", async () => {
    const raw = await fetch(`${h.url}/v1beta/openai/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', input: 'hello', stream: true }),
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const body = await raw.text();
    expect(body).not.toContain('[DONE]');
    const frames = body
      .split('\n\n')
      .filter((frame) => frame.startsWith('event: '))
      .map((frame) => {
        const [eventLine, dataLine] = frame.split('\n');
        return {
          name: eventLine!.slice('event: '.length),
          data: JSON.parse(dataLine!.slice('data: '.length)),
        };
      });
    expect(frames.every(({ name, data }) => name === data.type)).toBe(true);
    expect(frames.map(({ data }) => data.sequence_number)).toEqual(frames.map((_, i) => i));
    expect(frames.at(-1)!.data.response.output[0].content[0].text).toBe(h.emulator.expectedText('hello'));
  });

  it('a stream cut by Gemini reaches the client as one complete response, streamed and whole', async () => {
    const prompt = 'Tell me a long story.';
    h.emulator.injectFault(faults.cut(57));
    const stream = client.responses.stream({ model: 'gemini-2.5-flash', input: prompt });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(h.emulator.expectedText(prompt));
    expect(final.status).toBe('completed');

    h.emulator.injectFault(faults.halfFrame(40));
    const whole = await client.responses.create({ model: 'gemini-2.5-flash', input: prompt });
    expect(whole.output_text).toBe(h.emulator.expectedText(prompt));
    expect(h.emulator.pendingFaults()).toBe(0);
  });

  it('logs the request in the request log, as endpoint responses, with what the client was shown', async () => {
    // The log is written in batches: this model is used by no other test, so its row is this one.
    const response = await client.responses
      .stream({ model: 'gemini-2.5-flash-lite', input: 'Log me.' })
      .finalResponse();
    const rows = await rowsOfModel(h, 'gemini-2.5-flash-lite');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ endpoint: 'responses', dialect: 'openai', stream: 1, status: 200 });
    expect(rows[0]!.prompt_tokens).toBe(response.usage!.input_tokens);
    expect((rows[0]!.output_tokens as number) + ((rows[0]!.thoughts_tokens as number) ?? 0)).toBe(
      response.usage!.output_tokens,
    );
  });

  it('a request refused by validation is logged with the model and stream flag it named', async () => {
    // No other test names this model, so its row is this one.
    const refused = await fetch(`${h.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gemini-2.0-flash', stream: true, input: 'hi', temprature: 0.2 }),
    });
    expect(refused.status).toBe(400);
    const rows = await rowsOfModel(h, 'gemini-2.0-flash');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ endpoint: 'responses', status: 400, stream: 1, outcome: 'rejected' });
  });

  it('a rate limit on every key is a 429 in OpenAI shape before any event, streamed or not', async () => {
    h.emulator.setQuota({ model: 'gemini-3-pro-preview', rpm: 0 });
    for (const stream of [false, true]) {
      const call = client.responses.create({ model: 'gemini-3-pro-preview', input: 'hi', stream } as never);
      await expect(call).rejects.toMatchObject({ status: 429, type: 'rate_limit_error' });
    }
  });

  it('a length stop is an incomplete response with the reason', async () => {
    h.emulator.setAnswer('Too long.', { text: 'This answer stops short', finishReason: 'MAX_TOKENS' });
    const response = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Too long.' });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output_text).toBe('This answer stops short');
  });
});

/**
 * Multi-turn tool use on Gemini 3 without any state in gemgate: the thought signature travels in the
 * reasoning item's encrypted_content. The gateway restarts between turns, so nothing it remembered
 * in memory can help. One key, so one project: Gemini only takes a signature back through the
 * project that minted it.
 */
describe('stateless function calling on Gemini 3', () => {
  let h: Harness;
  const clientOf = () => new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
    h.emulator.setAnswer('Weather in Paris?', {
      functionCalls: [{ name: 'get_weather', args: { city: 'Paris' } }],
    });
  });
  afterAll(() => h.close());

  for (const mode of ['whole', 'streamed'] as const) {
    it(`${mode}: a function call, its output, and the answer, with the call's real signature sent back`, async () => {
      const input: OpenAI.Responses.ResponseInputItem[] = [{ role: 'user', content: 'Weather in Paris?' }];
      const request = { model: 'gemini-3-flash-preview', input, tools: [weatherTool] };
      const first =
        mode === 'whole'
          ? await clientOf().responses.create(request)
          : await clientOf().responses.stream(request).finalResponse();
      expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
      const call = first.output[1] as OpenAI.Responses.ResponseFunctionToolCall;
      expect(call).toMatchObject({ name: 'get_weather', status: 'completed' });
      expect(JSON.parse(call.arguments)).toEqual({ city: 'Paris' });
      expect((first.output[0] as OpenAI.Responses.ResponseReasoningItem).encrypted_content).toMatch(
        /^gemgate\./,
      );

      await h.restart();
      const second = await clientOf().responses.create({
        ...request,
        input: [
          ...input,
          ...first.output,
          { type: 'function_call_output', call_id: call.call_id, output: '{"temperature": 21}' },
        ],
      } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
      const sent = lastSent(h);
      expect(sent.contents[1]!.parts[0]).toMatchObject({
        functionCall: { name: 'get_weather', args: { city: 'Paris' } },
        thoughtSignature: expect.any(String),
      });
      expect(sent.contents[1]!.parts[0]!.thoughtSignature).not.toBe('skip_thought_signature_validator');
      expect(sent.contents[2]!.parts[0]).toEqual({
        functionResponse: { name: 'get_weather', response: { temperature: 21 } },
      });
      expect(second.output_text).toBe(h.emulator.expectedAnswer(sent as never, 'gemini-3-flash-preview'));
    });
  }
});

describe('previous_response_id with store: true', () => {
  let h: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
    client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => h.close());

  it('continues a stored conversation without resending it, streamed and whole; GET returns it, DELETE forgets it', async () => {
    const first = await client.responses.create({
      model: 'gemini-2.5-flash',
      instructions: 'Only for the first turn.',
      input: [
        { role: 'developer', content: 'Answer in English.' },
        { role: 'user', content: 'Name a river.' },
      ],
      store: true,
    });
    expect(storeOf(first)).toBe(true);
    const second = await client.responses
      .stream({
        model: 'gemini-2.5-flash',
        input: 'And a mountain?',
        previous_response_id: first.id,
        store: true,
      })
      .finalResponse();
    const sent = lastSent(h);
    expect(sent.contents).toEqual([
      { role: 'user', parts: [{ text: 'Name a river.' }] },
      { role: 'model', parts: [{ text: first.output_text }] },
      { role: 'user', parts: [{ text: 'And a mountain?' }] },
    ]);
    // Input messages carry over; `instructions` do not (as OpenAI documents).
    expect(sent.systemInstruction).toEqual({ parts: [{ text: 'Answer in English.' }] });
    expect(second.previous_response_id).toBe(first.id);
    expect(second.output_text).toBe(h.emulator.expectedText('And a mountain?'));

    const third = await client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'And a lake?',
      previous_response_id: second.id,
      store: false,
    });
    expect(lastSent(h).contents).toHaveLength(5);
    expect(storeOf(third)).toBe(false);

    const retrieved = await client.responses.retrieve(second.id);
    expect(retrieved.id).toBe(second.id);
    expect(retrieved.output_text).toBe(second.output_text);
    await expect(client.responses.retrieve(third.id)).rejects.toMatchObject({ status: 404 });

    await client.responses.delete(first.id);
    await expect(client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
    // The chain is broken where the first response was.
    const broken = client.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Again?',
      previous_response_id: second.id,
    });
    await expect(broken).rejects.toMatchObject({
      status: 400,
      param: 'previous_response_id',
      code: 'previous_response_not_found',
    });
  });

  it('a function call answered by previous_response_id and its output alone; on Gemini 3 with its signature', async () => {
    h.emulator.setAnswer('Weather in Rome?', {
      functionCalls: [{ name: 'get_weather', args: { city: 'Rome' } }],
    });
    const first = await client.responses.create({
      model: 'gemini-3-flash-preview',
      input: 'Weather in Rome?',
      tools: [weatherTool],
      store: true,
    });
    const call = first.output.find((item) => item.type === 'function_call')!;
    await h.restart();
    client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const second = await client.responses.create({
      model: 'gemini-3-flash-preview',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
      tools: [weatherTool],
    });
    const sent = lastSent(h);
    expect(sent.contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
    expect(sent.contents[1]!.parts[0]!.thoughtSignature).not.toBe('skip_thought_signature_validator');
    expect(sent.contents[2]!.parts[0]).toEqual({
      functionResponse: { name: 'get_weather', response: { output: 'sunny' } },
    });
    expect(second.status).toBe('completed');
  });

  it('keeps each client token to its own responses', async () => {
    const mine = await client.responses.create({ model: 'gemini-2.5-flash', input: 'Mine.', store: true });
    const other = new OpenAI({
      apiKey: h.gateway.createClientToken('other').token,
      baseURL: `${h.url}/v1`,
      maxRetries: 0,
    });
    await expect(other.responses.retrieve(mine.id)).rejects.toMatchObject({ status: 404 });
    await expect(other.responses.delete(mine.id)).rejects.toMatchObject({ status: 404 });
    const continued = other.responses.create({
      model: 'gemini-2.5-flash',
      input: 'Yours?',
      previous_response_id: mine.id,
    });
    await expect(continued).rejects.toMatchObject({ status: 400, param: 'previous_response_id' });
    expect((await client.responses.retrieve(mine.id)).id).toBe(mine.id);
  });

  it('keeps stored conversations sealed: the database files never hold their text', async () => {
    const secret = 'The ferryman hums a tune called Quillwort.';
    await client.responses.create({ model: 'gemini-2.5-flash', input: secret, store: true });
    const files = fs.readdirSync(h.dataDir).filter((name) => name.startsWith('gemgate.db'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const bytes = fs.readFileSync(path.join(h.dataDir, name));
      expect(bytes.includes(Buffer.from('Quillwort')), name).toBe(false);
      expect(bytes.includes(Buffer.from(h.emulator.expectedText(secret).slice(0, 40))), name).toBe(false);
    }
  });
});
