/**
 * The translation layer as the real `openai` SDK (v6) experiences it. A tiny node:http server on
 * 127.0.0.1 plays a minimal route: parse -> translate -> a scripted "Gemini" answer (the recorded
 * fixtures) -> translate back -> JSON or SSE (`data: ...\n\n`, then `data: [DONE]\n\n`).
 * What is asserted is what a user of the SDK would see, plus the Gemini request the route would send.
 * What the SDK sees when the request is bad or Gemini fails is gemgate's real request handler's
 * business, tested through it against the emulator in test/openai-sdk-errors.test.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  BatchEmbedContentsResponse,
  GenerateContentResponse,
  ListModelsResponse,
} from '../../gemini/types.js';
import { PNG_1X1_BASE64 } from './__fixtures__/media.js';
import {
  blockedPrompt,
  jsonAnswerChunks,
  parallelCallsChunks,
  thinkingTextChunks,
  thinkingTextWhole,
} from './__fixtures__/gemini/responses.js';
import {
  createChatStreamTranslator,
  fetchRemoteMedia,
  fromGeminiEmbeddings,
  fromGeminiModels,
  fromGeminiResponse,
  LruThoughtSignatureStore,
  parseChatRequest,
  parseEmbeddingsRequest,
  toGeminiEmbedRequests,
  toGeminiRequest,
  type TranslatedChatRequest,
  type TranslatedEmbeddingsRequest,
} from './index.js';

type Upstream = { chunks: GenerateContentResponse[] } | { whole: GenerateContentResponse };

const script: Upstream[] = [];
const seenChat: TranslatedChatRequest[] = [];
const seenEmbeddings: TranslatedEmbeddingsRequest[] = [];
const signatures = new LruThoughtSignatureStore();

const listModels: ListModelsResponse = {
  models: [
    { name: 'models/gemini-2.5-flash', supportedGenerationMethods: ['generateContent'] },
    { name: 'models/gemini-embedding-001', supportedGenerationMethods: ['embedContent'] },
  ],
};

/** Deterministic stand-in for Gemini's vectors: value j of input i. */
const fakeValue = (i: number, j: number) => Math.sin(i * 1000 + j) / 2;

let server: http.Server;
let baseURL = '';
let client: OpenAI;

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function chatCompletions(body: unknown, res: http.ServerResponse) {
  const chat = parseChatRequest(body);
  const remoteMedia = await fetchRemoteMedia(chat, { fetch: globalThis.fetch });
  const translated = toGeminiRequest(chat, { signatures, remoteMedia });
  seenChat.push(translated);

  const upstream = script.shift();
  if (!upstream) throw new Error('test forgot to script the Gemini answer');
  const meta = { id: 'chatcmpl-sdk', model: chat.model, created: 1_767_000_000, signatures };
  if (!translated.stream) {
    if (!('whole' in upstream)) throw new Error('scripted a stream for a non-streamed request');
    return send(
      res,
      200,
      fromGeminiResponse(upstream.whole, { ...meta, parallelToolCalls: translated.parallelToolCalls }),
    );
  }
  if (!('chunks' in upstream)) throw new Error('scripted a whole answer for a streamed request');
  const translator = createChatStreamTranslator({
    ...meta,
    includeUsage: translated.includeUsage,
    parallelToolCalls: translated.parallelToolCalls,
  });
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const chunk of upstream.chunks) {
    for (const out of translator.push(chunk)) res.write(`data: ${JSON.stringify(out)}\n\n`);
  }
  for (const out of translator.end()) res.write(`data: ${JSON.stringify(out)}\n\n`);
  res.end('data: [DONE]\n\n');
}

function embeddings(body: unknown, res: http.ServerResponse) {
  const request = parseEmbeddingsRequest(body);
  const translated = toGeminiEmbedRequests(request);
  seenEmbeddings.push(translated);
  let i = 0;
  const answers: BatchEmbedContentsResponse[] = translated.batches.map((batch) => ({
    embeddings: batch.requests.map((r) => {
      const index = i++;
      return {
        values: Array.from({ length: r.outputDimensionality ?? 3072 }, (_, j) => fakeValue(index, j)),
      };
    }),
  }));
  send(res, 200, fromGeminiEmbeddings(answers, request, request.model));
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    void (async () => {
      try {
        if (req.method === 'GET' && req.url === '/cat.png') {
          return res
            .writeHead(200, { 'content-type': 'image/png' })
            .end(Buffer.from(PNG_1X1_BASE64, 'base64'));
        }
        if (req.method === 'GET' && req.url === '/v1/models')
          return send(res, 200, fromGeminiModels(listModels));
        const body = await readJson(req);
        if (req.url === '/v1/chat/completions') return await chatCompletions(body, res);
        if (req.url === '/v1/embeddings') return embeddings(body, res);
        send(res, 404, {
          error: { message: 'no route', type: 'invalid_request_error', param: null, code: null },
        });
      } catch (err) {
        send(res, 500, { error: { message: String(err), type: 'api_error', param: null, code: null } });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = new OpenAI({ baseURL: `${baseURL}/v1`, apiKey: 'gemgate-client-token', maxRetries: 0 });
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  script.length = 0;
  seenChat.length = 0;
  seenEmbeddings.length = 0;
});

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    strict: true,
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
      additionalProperties: false,
    },
  },
};

describe('the openai SDK against translated Gemini answers', () => {
  it('plain streamed text: content deltas, reasoning, usage in the final chunk', async () => {
    script.push({ chunks: thinkingTextChunks });
    const stream = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'What is the answer?' }],
      stream: true,
      stream_options: { include_usage: true },
      reasoning_effort: 'low',
    });
    let content = '';
    let reasoning = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      const choice = chunk.choices[0];
      content += choice?.delta.content ?? '';
      reasoning += (choice?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
      finish = choice?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(content).toBe('The answer is 42.');
    expect(reasoning).toBe('The user wants a number.');
    expect(finish).toBe('stop');
    expect(usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 46, total_tokens: 58 });
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(40);
    expect(seenChat[0]?.body.generationConfig?.thinkingConfig).toEqual({
      thinkingBudget: 1024,
      includeThoughts: true,
    });
  });

  it('.stream() helper: finalChatCompletion() on a plain text answer', async () => {
    script.push({ chunks: thinkingTextChunks });
    const final = await client.chat.completions
      .stream({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'answer?' }] })
      .finalChatCompletion();
    expect(final.choices[0]?.message.content).toBe('The answer is 42.');
    expect(final.choices[0]?.finish_reason).toBe('stop');
  });

  it('.stream() helper: finalChatCompletion() on streamed parallel tool calls, then the round trip', async () => {
    script.push({ chunks: parallelCallsChunks });
    const messages: OpenAI.ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Weather in Paris and London?' },
    ];
    const final = await client.chat.completions
      .stream({ model: 'gemini-3-pro-preview', messages, tools: [weatherTool] })
      .finalChatCompletion();

    const message = final.choices[0]?.message;
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    const calls = (message?.tool_calls ?? []).filter((c) => c.type === 'function');
    expect(calls.map((c) => [c.type, c.function.name, JSON.parse(c.function.arguments)])).toEqual([
      ['function', 'get_weather', { city: 'Paris' }],
      ['function', 'get_weather', { city: 'London' }],
    ]);
    expect(calls.every((c) => /^call_/.test(c.id))).toBe(true);
    expect(calls[0]?.function.parsed_arguments).toEqual({ city: 'Paris' }); // the SDK parsed the complete JSON

    // The client runs the tools and sends the conversation back. Like Roo Code, it keeps only id,
    // type and function of each call: the signature must come back from gemgate's store.
    messages.push({
      role: 'assistant',
      content: message?.content ?? null,
      tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: c.function })),
    });
    messages.push({ role: 'tool', tool_call_id: calls[1]!.id, content: '{"temp_c": 11}' });
    messages.push({ role: 'tool', tool_call_id: calls[0]!.id, content: 'Sunny, 19°C' });
    script.push({ chunks: thinkingTextChunks });
    const answer = await client.chat.completions
      .stream({ model: 'gemini-3-pro-preview', messages, tools: [weatherTool] })
      .finalChatCompletion();
    expect(answer.choices[0]?.message.content).toBe('The answer is 42.');

    expect(seenChat[1]?.body.contents.slice(1)).toEqual([
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'get_weather', args: { city: 'Paris' } },
            thoughtSignature: 'CtEBAXLI2nwSIGpar1s',
          },
          { functionCall: { name: 'get_weather', args: { city: 'London' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', response: { output: 'Sunny, 19°C' } } },
          { functionResponse: { name: 'get_weather', response: { temp_c: 11 } } },
        ],
      },
    ]);
  });

  it('whole (non-streamed) answer comes back exactly as translated', async () => {
    script.push({ whole: thinkingTextWhole });
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'answer?' }],
    });
    expect(completion).toEqual(
      fromGeminiResponse(thinkingTextWhole, {
        id: 'chatcmpl-sdk',
        model: 'gemini-2.5-flash',
        created: 1_767_000_000,
      }),
    );
    expect(completion.choices[0]?.message.content).toBe('The answer is 42.');
  });

  it('image input: a data URL and an http URL both reach Gemini as inlineData', async () => {
    script.push({ whole: thinkingTextWhole });
    await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare these.' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1_BASE64}` } },
            { type: 'image_url', image_url: { url: `${baseURL}/cat.png` } },
          ],
        },
      ],
    });
    expect(seenChat[0]?.body.contents[0]?.parts).toEqual([
      { text: 'Compare these.' },
      { inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } },
      { inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } },
    ]);
  });

  it('a JSON-schema answer: responseJsonSchema upstream, JSON content for the client', async () => {
    script.push({ chunks: jsonAnswerChunks });
    const schema = {
      type: 'object',
      properties: { name: { type: 'string' }, born: { type: 'integer' } },
      required: ['name', 'born'],
      additionalProperties: false,
    };
    const final = await client.chat.completions
      .stream({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Who wrote the first program?' }],
        response_format: { type: 'json_schema', json_schema: { name: 'person', schema, strict: true } },
      })
      .finalChatCompletion();
    expect(JSON.parse(final.choices[0]?.message.content ?? '')).toEqual({ name: 'Ada', born: 1815 });
    expect(seenChat[0]?.body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
  });

  it('a blocked prompt is a content_filter answer with the reason as refusal', async () => {
    script.push({ whole: blockedPrompt });
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: '...' }],
    });
    expect(completion.choices[0]?.finish_reason).toBe('content_filter');
    expect(completion.choices[0]?.message.refusal).toContain('PROHIBITED_CONTENT');
  });

  it('embeddings with the SDK default (base64) decode to the right dimension and values', async () => {
    const result = await client.embeddings.create({
      model: 'gemini-embedding-001',
      input: ['first text', 'second text'],
      dimensions: 768,
    });
    expect(result.data).toHaveLength(2);
    expect(result.data.map((d) => d.embedding.length)).toEqual([768, 768]);
    expect(result.data[1]?.embedding[5]).toBeCloseTo(fakeValue(1, 5), 6);
    expect(seenEmbeddings[0]?.batches[0]?.requests[0]?.outputDimensionality).toBe(768);

    const full = await client.embeddings.create({ model: 'gemini-embedding-001', input: 'one text' });
    expect(full.data[0]?.embedding).toHaveLength(3072);
    expect(full.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('models list', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(['gemini-2.5-flash', 'gemini-embedding-001']);
  });
});
