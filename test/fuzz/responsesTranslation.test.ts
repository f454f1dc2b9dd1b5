import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fetchRemoteFiles,
  fetchRemoteImages,
  LruThoughtSignatureStore,
} from '../../proxy/translate/openai/index.js';
import {
  createResponsesStreamTranslator,
  parseResponsesRequest,
  remoteFileUrls,
  remoteImageUrls,
  responseSettings,
  toGeminiResponsesRequest,
} from '../../proxy/translate/responses/index.js';
import type { GenerateContentResponse } from '../../proxy/gemini/types.js';
import { PNG_1X1_BASE64 } from '../../proxy/translate/openai/__fixtures__/media.js';
import { anyText } from './arbitraries.js';
import { anyResponsesBody, RESPONSES_CLIENT_BODIES } from './responsesArbitraries.js';
import { whyGeminiRefuses } from './geminiShape.js';
import { InputError } from '../../proxy/failures/inputError.js';
import { clientErrorOf } from '../../proxy/http/clientError.js';

/** Bounded so the suite stays fast; FUZZ_RUNS=50000 for a deeper search by hand. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

/** What the route does with a client's body, up to the request it would send Gemini. */
async function translate(body: unknown) {
  const request = parseResponsesRequest(body);
  const fetching = {
    // Remote images and files: a tiny PNG or PDF, or a dead link; no network.
    fetch: async (url: string) =>
      url.includes('dead')
        ? new Response('gone', { status: 404 })
        : url.endsWith('.pdf')
          ? new Response('%PDF-1.4\n', { headers: { 'content-type': 'application/pdf' } })
          : new Response(Buffer.from(PNG_1X1_BASE64, 'base64'), { headers: { 'content-type': 'image/png' } }),
    timeoutMs: 1000,
  };
  const [images, files] = await Promise.all([
    fetchRemoteImages(remoteImageUrls(request), fetching),
    fetchRemoteFiles(remoteFileUrls(request), fetching),
  ]);
  const remoteMedia = new Map([...images, ...files]);
  return toGeminiResponsesRequest(request, { remoteMedia, signatures: new LruThoughtSignatureStore() });
}

/** Either a translated request Gemini takes, or an InputError, a 4xx for the client; anything else fails. */
async function check(body: unknown): Promise<'translated' | 'refused'> {
  let translated;
  try {
    translated = await translate(body);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(clientErrorOf(error).error.status).toBeGreaterThanOrEqual(400);
    expect(clientErrorOf(error).error.status).toBeLessThan(500);
    expect(error.message.length).toBeGreaterThan(0);
    return 'refused';
  }
  const refused = whyGeminiRefuses(translated.model, translated.body);
  if (refused) {
    throw new Error(
      `translated a request Gemini refuses (${refused}): ${JSON.stringify(translated.body).slice(0, 2000)}`,
    );
  }
  return 'translated';
}

describe('Responses request translation, property-based', () => {
  it('real client bodies translate into requests Gemini takes', async () => {
    for (const { name, body } of RESPONSES_CLIENT_BODIES) expect(await check(body), name).toBe('translated');
  });

  it('any body: an InputError, a 4xx for the client, or a request Gemini takes (never another exception)', async () => {
    const outcomes = { translated: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(anyResponsesBody, async (body) => {
        outcomes[await check(body)]++;
      }),
      { numRuns: FUZZ_RUNS },
    );
    // The generators must reach both sides, or the property proves little.
    expect(outcomes.translated).toBeGreaterThan(FUZZ_RUNS / 5);
    expect(outcomes.refused).toBeGreaterThan(FUZZ_RUNS / 5);
  });
});

/** Gemini chunks of any shape the stream may carry: text, thoughts, calls, finishes, blocks. */
const part = fc.oneof(
  fc.record({ text: anyText }),
  fc.record({ text: anyText, thought: fc.constant(true) }),
  fc.record({ text: fc.constant(''), thoughtSignature: fc.constant('SIG') }),
  fc.record(
    {
      functionCall: fc.record({
        name: fc.constantFrom('f', 'g'),
        args: fc.dictionary(fc.string({ maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 2 }),
      }),
      thoughtSignature: fc.constant('SIG'),
    },
    { requiredKeys: ['functionCall'] },
  ),
  fc.record({ inlineData: fc.record({ mimeType: fc.constant('image/png'), data: fc.constant('AA') }) }),
);
const chunk: fc.Arbitrary<GenerateContentResponse> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        candidates: fc.tuple(
          fc.record(
            {
              content: fc.record({ role: fc.constant('model'), parts: fc.array(part, { maxLength: 3 }) }),
              finishReason: fc.constantFrom(
                'STOP',
                'MAX_TOKENS',
                'SAFETY',
                'MALFORMED_FUNCTION_CALL',
                'OTHER',
              ),
              index: fc.constantFrom(0, 1),
              groundingMetadata: fc.record(
                {
                  webSearchQueries: fc.array(anyText, { maxLength: 2 }),
                  groundingChunks: fc.array(
                    fc.record({ web: fc.record({ uri: fc.webUrl(), title: anyText }) }),
                    { maxLength: 2 },
                  ),
                  groundingSupports: fc.array(
                    fc.record({
                      segment: fc.record(
                        { startIndex: fc.nat(500), endIndex: fc.nat(600), text: anyText },
                        { requiredKeys: [] },
                      ),
                      groundingChunkIndices: fc.array(fc.nat(3), { maxLength: 2 }),
                    }),
                    { maxLength: 2 },
                  ),
                },
                { requiredKeys: [] },
              ),
            },
            { requiredKeys: ['content'] },
          ),
        ),
        usageMetadata: fc.record({ promptTokenCount: fc.nat(100), candidatesTokenCount: fc.nat(100) }),
      },
      { requiredKeys: ['candidates'] },
    ),
  },
  { weight: 1, arbitrary: fc.constant({ promptFeedback: { blockReason: 'SAFETY' } }) },
  { weight: 1, arbitrary: fc.constant({}) },
);

describe('Responses stream translation, property-based', () => {
  it('any chunk sequence gives contiguous sequence numbers, one ending, and items closed before it', () => {
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 8 }), fc.boolean(), (chunks, parallel) => {
        const translator = createResponsesStreamTranslator({
          id: 'resp_fuzz',
          createdAt: 1,
          settings: responseSettings(
            parseResponsesRequest({ model: 'm', input: 'x', parallel_tool_calls: parallel }),
          ),
        });
        const events = chunks.flatMap((c) => translator.push(c));
        events.push(
          ...(translator.finished ? translator.end() : translator.fail({ code: null, message: 'cut' })),
        );
        expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, i) => i));
        const endings = events.filter((event) =>
          ['response.completed', 'response.incomplete', 'response.failed'].includes(event.type),
        );
        expect(endings).toHaveLength(1);
        const added = events.filter((event) => event.type === 'response.output_item.added').length;
        const done = events.filter((event) => event.type === 'response.output_item.done').length;
        expect(done).toBe(added);
        expect(translator.response.output).toHaveLength(added);
        if (!parallel) expect(translator.calls.length).toBeLessThanOrEqual(1);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });
});
