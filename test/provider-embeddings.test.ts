import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { tokenWithPolicy } from './support/policyToken.js';
import { waitForUsageRows } from './support/usageLog.js';
import { chatFaults } from './emulator-openai/index.js';

type APIError = InstanceType<typeof OpenAI.APIError>;
/** The error a call is refused with; a call that succeeds fails the test. */
const refusalOf = (call: Promise<unknown>): Promise<APIError> =>
  call.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (error: unknown) => error as APIError,
  );

/**
 * Embeddings of another provider's model (DashScope's text-embedding-v4, played by
 * test/emulator-openai) through the same endpoint and token as Gemini's, with the real `openai`
 * SDK: what a knowledge base in Cherry Studio asks for when its embedding model is Qwen's.
 */
describe('provider embeddings: /v1/embeddings relayed to an OpenAI-compatible provider', () => {
  let h: Harness;
  let sdk: OpenAI;
  const qwen = () => h.providers.qwen!.emulator;

  beforeAll(async () => {
    h = await startHarness({
      accounts: { main: { keys: 1 } },
      providers: {
        qwen: { continuation: 'partial', accounts: { 'aliyun-a': { keys: 1 }, 'aliyun-b': { keys: 1 } } },
      },
      prices: [{ model: 'qwen/text-embedding-v4', input: 0.07, output: 0 }],
    });
    sdk = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => h.close());

  it("embeds with the provider's model and Gemini's through one token, each its own vectors", async () => {
    const texts = ['天气很好', 'The weather is fine'];
    const floats = await sdk.embeddings.create({
      model: 'qwen/text-embedding-v4',
      input: texts,
      dimensions: 64,
      encoding_format: 'float',
    });
    expect(floats.data.map((item) => item.embedding)).toEqual(
      texts.map((text) => qwen().expectedEmbedding(text, 64)),
    );
    // The SDK's default: base64 on the wire, decoded by the SDK, passed through untouched.
    const decoded = await sdk.embeddings.create({ model: 'qwen/text-embedding-v4', input: texts[0]! });
    expect(decoded.data[0]!.embedding).toEqual(qwen().expectedEmbedding(texts[0]!));

    const gemini = await sdk.embeddings.create({ model: 'gemini-embedding-001', input: texts });
    expect(gemini.data).toHaveLength(2);
    expect(gemini.data[0]!.embedding).not.toEqual(qwen().expectedEmbedding(texts[0]!));
  });

  it('relays the request with only the model id and the key changed', async () => {
    const before = qwen().embeddingRequests.length;
    await sdk.embeddings.create({
      model: 'qwen/text-embedding-v4',
      input: ['a', 'b'],
      dimensions: 128,
      encoding_format: 'float',
      user: 'kb-42',
    });
    const [sent] = qwen().embeddingRequests.slice(before);
    expect(sent!.body).toEqual({
      model: 'text-embedding-v4',
      input: ['a', 'b'],
      dimensions: 128,
      encoding_format: 'float',
      user: 'kb-42',
    });
    expect(sent!.key).not.toBe(h.token);
  });

  it("fails over to the provider's next key on a 429, before the client sees a byte", async () => {
    const before = qwen().embeddingRequests.length;
    qwen().injectFault(chatFaults.rateLimit({ code: 'Throttling.RateQuota', retryAfterSeconds: 30 }));
    const answer = await sdk.embeddings.create({
      model: 'qwen/text-embedding-v4',
      input: 'busy?',
      encoding_format: 'float',
    });
    expect(answer.data[0]!.embedding).toEqual(qwen().expectedEmbedding('busy?'));
    const [limited, served] = qwen().embeddingRequests.slice(before);
    expect(limited!.key).not.toBe(served!.key);
  });

  it("gives the provider's own refusal back in OpenAI's shape, and checks what gemgate needs first", async () => {
    const before = qwen().embeddingRequests.length;
    const tooMany = await refusalOf(
      sdk.embeddings.create({
        model: 'qwen/text-embedding-v4',
        input: Array.from({ length: 11 }, (_, i) => `t${i}`),
      }),
    );
    expect(tooMany).toBeInstanceOf(OpenAI.APIError);
    expect(tooMany.status).toBe(400);
    expect(tooMany.message).toContain('batch size');

    const noInput = await fetch(`${h.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen/text-embedding-v4' }),
    });
    expect(noInput.status).toBe(400);
    expect(((await noInput.json()) as { error: { param: string } }).error.param).toBe('input');
    // The batch went to the provider, which refused it; the body without input never left gemgate.
    expect(qwen().embeddingRequests.length).toBe(before + 1);
  });

  it('logs each call with the provider, its input tokens and their cost', async () => {
    const logged = (await waitForUsageRows(h.dataDir, 1)).length;
    await sdk.embeddings.create({ model: 'qwen/text-embedding-v4', input: 'Price these tokens' });
    const row = (await waitForUsageRows(h.dataDir, logged + 1)).find(
      (each) => each.provider === 'qwen' && each.prompt_tokens === 'Price these tokens'.length,
    );
    expect(row).toMatchObject({ model: 'text-embedding-v4', dialect: 'openai', outcome: 'ok', status: 200 });
    expect(row!.cost_usd).toBeCloseTo(('Price these tokens'.length * 0.07) / 1_000_000, 12);
  });

  it('keeps a token limited to Gemini away from the provider', async () => {
    const secret = tokenWithPolicy(h.dataDir, 'gemini only', { allowProviders: ['gemini'] });
    const limited = new OpenAI({ apiKey: secret, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const refused = await refusalOf(
      limited.embeddings.create({ model: 'qwen/text-embedding-v4', input: 'hi' }),
    );
    expect(refused.status).toBe(403);
    expect(refused.code).toBe('provider_not_allowed');
  });
});
