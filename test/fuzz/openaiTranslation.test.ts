import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fetchRemoteMedia,
  LruThoughtSignatureStore,
  parseChatRequest,
  parseEmbeddingsRequest,
  toGeminiEmbedRequests,
  toGeminiRequest,
} from '../../proxy/translate/openai/index.js';
import { PNG_1X1_BASE64 } from '../../proxy/translate/openai/__fixtures__/media.js';
import { anyChatBody, CLIENT_BODIES, wrongValue } from './arbitraries.js';
import { isClientsOwnThinkingChoice, whyGeminiRefuses } from './geminiShape.js';
import { InputError } from '../../proxy/failures/inputError.js';
import { clientErrorOf } from '../../proxy/http/clientError.js';

/** Bounded so the suite stays fast; FUZZ_RUNS=50000 for a deeper search by hand. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

/** What the route does with a client's body, up to the request it would send Gemini. */
async function translate(body: unknown) {
  const chat = parseChatRequest(body);
  const remoteMedia = await fetchRemoteMedia(chat, {
    // Remote images: a tiny PNG, or a dead link; no network.
    fetch: async (url) =>
      url.includes('dead')
        ? new Response('gone', { status: 404 })
        : new Response(Buffer.from(PNG_1X1_BASE64, 'base64'), { headers: { 'content-type': 'image/png' } }),
    timeoutMs: 1000,
  });
  return toGeminiRequest(chat, { remoteMedia, signatures: new LruThoughtSignatureStore() });
}

/** Either a translated request Gemini takes, or an InputError, a 4xx for the client; anything else fails. */
async function checkChat(body: unknown): Promise<'translated' | 'refused'> {
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
  if (refused && isClientsOwnThinkingChoice(body, refused)) return 'refused';
  if (refused) {
    throw new Error(
      `translated a request Gemini refuses (${refused}): ${JSON.stringify(translated.body).slice(0, 2000)}`,
    );
  }
  return 'translated';
}

describe('OpenAI request translation, property-based', () => {
  it('real client bodies translate into requests Gemini takes', async () => {
    for (const { name, body } of CLIENT_BODIES) expect(await checkChat(body), name).toBe('translated');
  });

  it('any body: an InputError, a 4xx for the client, or a request Gemini takes (never another exception)', async () => {
    const outcomes = { translated: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(anyChatBody, async (body) => {
        outcomes[await checkChat(body)]++;
      }),
      { numRuns: FUZZ_RUNS },
    );
    // The generators must reach both sides, or the property proves little.
    expect(outcomes.translated).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(100);
  });

  it('embeddings: any body is an InputError, a 4xx for the client or batches of at most 100 non-empty texts', () => {
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record(
        {
          model: fc.oneof(fc.constantFrom('text-embedding-004', 'gemini-embedding-001'), fc.string()),
          input: fc.oneof(
            fc.string(),
            fc.array(fc.string(), { maxLength: 250 }),
            fc.array(fc.oneof(fc.string(), fc.integer(), fc.array(fc.integer())), { maxLength: 5 }),
            wrongValue,
          ),
          dimensions: fc.oneof(fc.integer({ min: -5, max: 4000 }), wrongValue),
          encoding_format: fc.oneof(fc.constantFrom('float', 'base64', 'hex'), wrongValue),
        },
        { requiredKeys: ['model', 'input'] },
      ),
    );
    fc.assert(
      fc.property(body, (raw) => {
        let request;
        try {
          request = parseEmbeddingsRequest(raw);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(clientErrorOf(error).error.status).toBe(400);
          return;
        }
        const translated = toGeminiEmbedRequests(request);
        const texts = translated.batches.flatMap((batch) =>
          batch.requests.map((r) => r.content.parts.map((p) => p.text).join('')),
        );
        expect(texts).toEqual(request.inputs);
        for (const batch of translated.batches) {
          expect(batch.requests.length).toBeGreaterThan(0);
          expect(batch.requests.length).toBeLessThanOrEqual(100);
          for (const r of batch.requests) expect(r.model).toBe(`models/${translated.model}`);
        }
      }),
      { numRuns: Math.ceil(FUZZ_RUNS / 3) },
    );
  });
});
