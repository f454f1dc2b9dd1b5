import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { rawRequest, type RawResponse } from '../support/http.js';
import { anyChatBody, anyText, MODELS, plausibleChatRequest, wrongValue } from './arbitraries.js';
import { isClientsOwnThinkingChoice, whyGeminiRefuses } from './geminiShape.js';
import { anyResponsesBody, plausibleResponsesRequest } from './responsesArbitraries.js';

/**
 * The running gateway (in-process, in front of the emulator) under generated requests: every
 * answer is a 200 or a 4xx in the dialect of the route, never a 5xx or a dropped connection, and
 * every request gemgate translated and sent upstream is one Gemini takes. The emulator validates
 * Gemini's request shape strictly; its log of what reached it is checked after each request.
 */
const RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 150);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function post(
  path: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(`${h.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${h.token}`, ...headers },
    body,
  });
}

function expectOpenAIError(response: RawResponse): void {
  const body = JSON.parse(response.body) as { error: Record<string, unknown> };
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.type).toBe('string');
  expect(body.error.param === null || typeof body.error.param === 'string').toBe(true);
  expect(body.error.code === null || typeof body.error.code === 'string').toBe(true);
}

function expectGoogleError(response: RawResponse, jsonArrayStream: boolean): void {
  const parsed = JSON.parse(response.body) as unknown;
  // Like Gemini, a streamGenerateContent without alt=sse wraps its error in the array it streams.
  expect(Array.isArray(parsed)).toBe(jsonArrayStream);
  const body = (Array.isArray(parsed) ? parsed[0] : parsed) as { error: Record<string, unknown> };
  expect(body.error.code).toBe(response.status);
  expect(typeof body.error.message).toBe('string');
  expect(typeof body.error.status).toBe('string');
}

/** A 200, or a 4xx in the route's dialect; and nothing gemgate sent upstream is a request Gemini refuses. */
function check(
  response: RawResponse,
  dialect: 'openai' | 'gemini',
  sentFrom: number,
  label: string,
  clientBody?: unknown,
): void {
  const context = `${label}: ${response.status} ${response.body.slice(0, 500)}`;
  expect(response.status, context).toBeLessThan(500);
  if (response.status !== 200) {
    expect(response.status, context).toBeGreaterThanOrEqual(400);
    if (dialect === 'openai') expectOpenAIError(response);
    else expectGoogleError(response, /:streamGenerateContent(\?(?!.*alt=sse)|$)/.test(label.split(' ')[0]!));
  }
  if (dialect === 'openai') {
    for (const sent of h.emulator.requests.slice(sentFrom)) {
      if (sent.action !== 'generateContent' && sent.action !== 'streamGenerateContent') continue;
      let refused = whyGeminiRefuses(sent.model ?? '', sent.body as never);
      if (refused && isClientsOwnThinkingChoice(clientBody, refused)) refused = undefined;
      expect(
        refused,
        `${label}: gemgate sent a request Gemini refuses: ${JSON.stringify(sent.body).slice(0, 1000)}`,
      ).toBeUndefined();
    }
  }
}

describe('gateway under generated requests', () => {
  it('POST /v1/chat/completions: any body, streamed or not', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyChatBody, plausibleChatRequest), async (body) => {
        const sentFrom = h.emulator.requests.length;
        const response = await post('/v1/chat/completions', JSON.stringify(body));
        if (response.status === 200) answered++;
        check(response, 'openai', sentFrom, JSON.stringify(body).slice(0, 300), body);
      }),
      { numRuns: RUNS },
    );
    // Enough generated requests must get through to Gemini for the upstream check to mean something.
    expect(answered).toBeGreaterThan(RUNS / 4);
  });

  it('POST /v1/responses: any body, streamed or not, stored or not', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyResponsesBody, plausibleResponsesRequest), async (body) => {
        const sentFrom = h.emulator.requests.length;
        const response = await post('/v1/responses', JSON.stringify(body));
        if (response.status === 200) answered++;
        check(response, 'openai', sentFrom, JSON.stringify(body).slice(0, 300), body);
        if (response.status === 200 && response.body.startsWith('event: ')) {
          // A stream ends with exactly one of the Responses API's endings, never silently.
          expect(response.body).toMatch(
            /event: response\.(completed|incomplete|failed)\n[^\n]*\n\n$|event: error\n[^\n]*\n\n$/,
          );
        }
      }),
      { numRuns: RUNS },
    );
    expect(answered).toBeGreaterThan(RUNS / 4);
  });

  it('GET and DELETE /v1/responses/{id}: odd ids are a 404 in OpenAI shape', async () => {
    for (const id of [
      'resp_nope',
      '..%2F..',
      '%00',
      'x'.repeat(3000),
      '🙂',
      "'; DROP TABLE stored_responses; --",
    ]) {
      for (const method of ['GET', 'DELETE']) {
        const response = await rawRequest(`${h.url}/v1/responses/${encodeURIComponent(id)}`, {
          method,
          headers: { authorization: `Bearer ${h.token}` },
        });
        expect(response.status, `${method} ${id}`).toBe(404);
        expectOpenAIError(response);
      }
    }
  });

  it('POST /v1/embeddings: any body', async () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          model: fc.oneof(fc.constantFrom('text-embedding-004', 'gemini-embedding-001', 'nope'), anyText),
          input: fc.oneof(anyText, fc.array(anyText, { maxLength: 5 }), wrongValue),
          dimensions: fc.oneof(fc.integer({ min: -5, max: 4000 }), wrongValue),
          encoding_format: fc.oneof(fc.constantFrom('float', 'base64'), wrongValue),
        },
        { requiredKeys: ['model', 'input'] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(body, async (raw) => {
        const response = await post('/v1/embeddings', JSON.stringify(raw));
        check(response, 'openai', h.emulator.requests.length, JSON.stringify(raw).slice(0, 300));
      }),
      { numRuns: RUNS },
    );
  });

  it('native Gemini routes: any body, any action, odd model names', async () => {
    const action = fc.constantFrom(
      'generateContent',
      'streamGenerateContent',
      'countTokens',
      'embedContent',
      'batchEmbedContents',
      'predict',
    );
    const model = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.constantFrom(...MODELS.filter((m) => !m.includes('/')), 'text-embedding-004'),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('%2F..%2F', '..', 'a%00b', '%E0%A4%A', 'x'.repeat(5000), '🙂'),
      },
    );
    const part = fc.oneof(
      fc.record({ text: anyText }),
      fc.record({
        inlineData: fc.record({
          mimeType: fc.constantFrom('image/png', 'x'),
          data: fc.constantFrom('AAAA', '!!'),
        }),
      }),
      fc.record({ functionCall: fc.record({ name: fc.string(), args: fc.jsonValue() }) }),
      wrongValue,
    );
    const nativeBody = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          contents: fc.oneof(
            fc.array(
              fc.record({
                role: fc.constantFrom('user', 'model', 'x'),
                parts: fc.array(part, { maxLength: 3 }),
              }),
              {
                maxLength: 3,
              },
            ),
            wrongValue,
          ),
          generationConfig: fc.oneof(
            fc.record(
              {
                temperature: fc.double({ noNaN: true }),
                maxOutputTokens: fc.integer(),
                thinkingConfig: fc.record({ thinkingBudget: fc.integer() }),
              },
              { requiredKeys: [] },
            ),
            wrongValue,
          ),
          systemInstruction: fc.oneof(
            fc.record({ parts: fc.array(fc.record({ text: anyText }), { maxLength: 2 }) }),
            wrongValue,
          ),
          requests: fc.array(
            fc.record({
              model: fc.constant('models/text-embedding-004'),
              content: fc.record({ parts: fc.array(part, { maxLength: 2 }) }),
            }),
            { maxLength: 3 },
          ),
          content: fc.record({ parts: fc.array(part, { maxLength: 2 }) }),
          unknownField: wrongValue,
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        model,
        action,
        fc.constantFrom('v1beta', 'v1'),
        fc.boolean(),
        fc.constantFrom('x-goog-api-key', 'query'),
        nativeBody,
        async (m, a, version, sse, auth, body) => {
          const query = [sse ? 'alt=sse' : '', auth === 'query' ? `key=${h.token}` : '']
            .filter(Boolean)
            .join('&');
          const path = `/${version}/models/${m}:${a}${query ? `?${query}` : ''}`;
          const response = await post(path, JSON.stringify(body), {
            authorization: '',
            ...(auth === 'x-goog-api-key' ? { 'x-goog-api-key': h.token } : {}),
          });
          check(
            response,
            'gemini',
            h.emulator.requests.length,
            `${path} ${JSON.stringify(body).slice(0, 300)}`,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("bodies that are not JSON, too deep, or oddly encoded get a 4xx in the route's dialect", async () => {
    const cases: Array<{ name: string; body: string | Buffer; headers?: Record<string, string> }> = [
      { name: 'empty', body: '' },
      { name: 'not JSON', body: '{"model": ' },
      { name: 'a JSON string', body: '"hello"' },
      { name: 'nested 100,000 deep', body: '['.repeat(100_000) + ']'.repeat(100_000) },
      { name: 'nested objects 50,000 deep', body: `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}` },
      {
        name: 'a request whose contents nest 50,000 deep',
        body: `{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"hi"}],"contents":[{"parts":[{"text":"hi"}]}],"x":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
      },
      { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
      { name: 'UTF-16 charset', body: '{}', headers: { 'content-type': 'application/json; charset=utf-16' } },
      { name: 'gzip that is not', body: 'not gzip', headers: { 'content-encoding': 'gzip' } },
      { name: 'unknown encoding', body: '{}', headers: { 'content-encoding': 'br2' } },
      {
        name: 'form content type',
        body: 'a=1&b=2',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      },
      {
        name: 'a lone surrogate escaped',
        body: '{"model":"gemini-2.5-flash","messages":[{"role":"user","content":"\\ud800"}]}',
      },
    ];
    for (const { name, body, headers } of cases) {
      const openai = await post('/v1/chat/completions', body, headers);
      check(openai, 'openai', h.emulator.requests.length, `chat, ${name}`);
      const responses = await post('/v1/responses', body, headers);
      check(responses, 'openai', h.emulator.requests.length, `responses, ${name}`);
      const native = await post('/v1beta/models/gemini-2.5-flash:generateContent', body, {
        authorization: '',
        'x-goog-api-key': h.token,
        ...headers,
      });
      check(native, 'gemini', h.emulator.requests.length, `native, ${name}`);
    }
  });

  it('is still healthy afterwards, and logged no unexpected error', async () => {
    const health = await rawRequest(`${h.url}/health`);
    expect(health.status).toBe(200);
    expect(h.logs()).not.toMatch(/unexpected error/);
  });
});
