import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { tokenWithPolicy } from './support/policyToken.js';
import { waitForUsageRows } from './support/usageLog.js';
import { chatFaults } from './emulator-openai/index.js';
import { openStore } from '../proxy/store/openStore.js';

type Message = { role: string; content: string; partial?: boolean };

/**
 * One gemgate endpoint and one client token in front of Gemini and an OpenAI-compatible provider
 * (played by test/emulator-openai, shaped like DashScope), through the real `openai` SDK: routing
 * by model id, relay, failover across the provider's keys, resume of its cut streams, usage.
 */
describe('providers: Gemini and an OpenAI-compatible provider behind one token', () => {
  let h: Harness;
  let sdk: OpenAI;
  let logged = 0;
  const qwen = () => h.providers.qwen!.emulator;

  beforeAll(async () => {
    h = await startHarness({
      accounts: { main: { keys: 1 } },
      settings: { 'resume.stallTimeoutMs': 1000 },
      providers: {
        // Two Alibaba Cloud accounts: DashScope limits each account as a whole.
        qwen: { continuation: 'partial', accounts: { 'aliyun-a': { keys: 1 }, 'aliyun-b': { keys: 1 } } },
        // The same service, reached by a provider that asks for the rest in words.
        worded: {
          continuation: 'prompt',
          sameServiceAs: 'qwen',
          models: ['qwen-turbo'],
          accounts: { 'aliyun-a': { keys: 1 } },
        },
        // Two more accounts of the same service, for the key that goes bad.
        spare: {
          sameServiceAs: 'qwen',
          models: ['qwen-flash'],
          accounts: { 'aliyun-x': { keys: 1 }, 'aliyun-y': { keys: 1 } },
        },
      },
      prices: [
        {
          model: 'qwen/qwen-plus',
          input: 100,
          output: 100,
          // Qwen prices by prompt length: the emulator's prompts land in the second tier.
          tiers: [
            { upTo: 8, input: 100, output: 100 },
            { upTo: 1_000_000, input: 2, output: 6 },
          ],
        },
      ],
    });
    sdk = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => h.close());

  async function streamText(model: string, content: string, includeUsage = false) {
    const stream = await sdk.chat.completions.create({
      model,
      messages: [{ role: 'user', content }],
      stream: true,
      ...(includeUsage ? { stream_options: { include_usage: true } } : {}),
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    let finish: string | null = null;
    const ids = new Set<string>();
    for await (const chunk of stream) {
      ids.add(chunk.id);
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    return { text, usage, finish, ids };
  }

  it('lists the models of both providers, the other one as provider/model', async () => {
    const ids = (await sdk.models.list()).data.map((model) => model.id);
    expect(ids).toContain('gemini-2.5-flash');
    expect(ids).toEqual(expect.arrayContaining(['qwen/qwen-plus', 'qwen/qwen-max', 'worded/qwen-turbo']));
    const qwenPlus = (await sdk.models.list()).data.find((model) => model.id === 'qwen/qwen-plus');
    expect(qwenPlus?.owned_by).toBe('qwen');
  });

  it('reaches Gemini and the provider through one token, whole and streamed', async () => {
    const gemini = await sdk.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Hello Gemini' }],
    });
    expect(gemini.choices[0]!.message.content).toBe(h.emulator.expectedText('Hello Gemini'));
    expect((await streamText('gemini-2.5-flash', 'Stream, Gemini')).text).toBe(
      h.emulator.expectedText('Stream, Gemini'),
    );

    const whole = await sdk.chat.completions.create({
      model: 'qwen/qwen-plus',
      messages: [{ role: 'user', content: '你好，千问' }],
    });
    expect(whole.choices[0]!.message.content).toBe(qwen().expectedText('你好，千问'));
    // A bare id of the provider's catalogue routes there too.
    const streamed = await streamText('qwen-plus', 'Stream, Qwen');
    expect(streamed.text).toBe(qwen().expectedText('Stream, Qwen'));
    expect(streamed.finish).toBe('stop');
  });

  it('relays the request with only the model id, the key and include_usage changed', async () => {
    await sdk.chat.completions.create({
      model: 'qwen/qwen-max',
      messages: [{ role: 'user', content: 'What changes?' }],
      temperature: 0.3,
      stream: true,
      // A field gemgate's Gemini translation would not know: passed on as it is.
      ...({ enable_search: true } as object),
    });
    const sent = qwen().requests.at(-1)!;
    expect(sent.body).toMatchObject({
      model: 'qwen-max',
      temperature: 0.3,
      enable_search: true,
      stream: true,
      stream_options: { include_usage: true },
    });
    const keys = Object.values(h.providers.qwen!.keys)
      .flat()
      .map((entry) => entry.key);
    expect(keys).toContain(sent.key);
  });

  it("completes a stream the provider cuts off, exactly, continuing in DashScope's partial mode", async () => {
    const prompt = 'Tell me about seams';
    const before = qwen().requests.length;
    qwen().injectFault(chatFaults.cut(40));
    const { text, usage, ids } = await streamText('qwen/qwen-plus', prompt, true);
    expect(text).toBe(qwen().expectedText(prompt));
    // One completion to the client: every chunk carries the first attempt's id.
    expect(ids.size).toBe(1);
    const calls = qwen().requests.slice(before);
    expect(calls).toHaveLength(2);
    const continued = calls[1]!.body as { messages: Message[]; enable_thinking?: boolean };
    expect(continued.messages.at(-1)).toEqual({
      role: 'assistant',
      content: [...qwen().expectedText(prompt)].slice(0, 40).join(''),
      partial: true,
    });
    expect(continued.enable_thinking).toBe(false);
    // The usage shown is one answer's: its prompt once, the output of both attempts.
    expect(usage!.prompt_tokens).toBeLessThan(usage!.total_tokens);
  });

  it('completes a cut stream of a provider without partial mode by asking in words, with no repeat at the seam', async () => {
    const prompt = 'A worded continuation';
    const emulator = h.providers.worded!.emulator;
    emulator.injectFault(chatFaults.endWithoutFinish(60));
    emulator.injectFault(chatFaults.repeatOverlap(25));
    const { text } = await streamText('worded/qwen-turbo', prompt);
    expect(text).toBe(emulator.expectedText(prompt));
    const continued = emulator.requests.at(-1)!.body as { messages: Message[] };
    expect(continued.messages.at(-1)!.role).toBe('user');
    expect(continued.messages.at(-2)!.role).toBe('assistant');
  });

  it("fails over to the provider's next key when one answers 429, before the client sees a byte", async () => {
    const before = qwen().requests.length;
    qwen().injectFault(chatFaults.rateLimit({ code: 'Throttling.RateQuota', retryAfterSeconds: 30 }));
    const { text } = await streamText('qwen/qwen-plus', 'Busy?');
    expect(text).toBe(qwen().expectedText('Busy?'));
    const [limited, served] = qwen().requests.slice(before);
    expect(limited!.key).not.toBe(served!.key);
    // The limited account rests for the Retry-After: the next request goes straight to the other.
    const next = qwen().requests.length;
    await sdk.chat.completions.create({
      model: 'qwen/qwen-plus',
      messages: [{ role: 'user', content: 'Again' }],
    });
    expect(
      qwen()
        .requests.slice(next)
        .map((call) => call.key),
    ).toEqual([served!.key]);
  });

  it('asks again for a whole answer cut on the way, and resumes a stream that stalls', async () => {
    qwen().injectFault(chatFaults.cut(10));
    const whole = await sdk.chat.completions.create({
      model: 'qwen/qwen-plus',
      messages: [{ role: 'user', content: 'Whole, please' }],
    });
    expect(whole.choices[0]!.message.content).toBe(qwen().expectedText('Whole, please'));

    qwen().injectFault(chatFaults.stall(30, 3000));
    const { text } = await streamText('qwen/qwen-plus', 'Stall, then go on');
    expect(text).toBe(qwen().expectedText('Stall, then go on'));
  });

  it("takes a key the provider refuses out of its pool, and serves with the provider's other key", async () => {
    const a = h.providers.spare!.keys['aliyun-x']![0]!;
    const b = h.providers.spare!.keys['aliyun-y']![0]!;
    qwen().setKeyState(a.key, 'invalid');
    try {
      for (const content of ['first', 'second']) {
        const answer = await sdk.chat.completions.create({
          model: 'spare/qwen-flash',
          messages: [{ role: 'user', content }],
        });
        expect(answer.choices[0]!.message.content).toBe(qwen().expectedText(content));
      }
      const store = openStore(h.dataDir);
      try {
        expect(store.keys.get(a.id)).toMatchObject({ state: 'dead', stateReason: 'InvalidApiKey' });
        expect(store.keys.get(b.id)?.state).toBe('active');
      } finally {
        store.close();
      }
    } finally {
      qwen().setKeyState(a.key, 'valid');
    }
  });

  it('gives Gemini-dialect requests for another provider a clear 400', async () => {
    const response = await fetch(`${h.url}/v1beta/models/qwen-plus:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toContain('provider qwen');
    expect(body.error.message).toContain('/v1/chat/completions');
  });

  it('logs usage and cost with the provider, priced at the tier of the prompt', async () => {
    const rows = await waitForUsageRows(h.dataDir, 1);
    logged = rows.length;
    await sdk.chat.completions.create({
      model: 'qwen/qwen-plus',
      messages: [{ role: 'user', content: 'Price this answer' }],
    });
    const row = (await waitForUsageRows(h.dataDir, logged + 1)).at(-1)!;
    expect(row).toMatchObject({
      provider: 'qwen',
      model: 'qwen-plus',
      dialect: 'openai',
      outcome: 'complete',
    });
    const prompt = row.prompt_tokens as number;
    const output = row.output_tokens as number;
    expect(prompt).toBeGreaterThan(8);
    expect(row.cost_usd).toBeCloseTo((prompt * 2 + output * 6) / 1_000_000, 12);
    const gemini = (await waitForUsageRows(h.dataDir, 1)).find((each) => each.model === 'gemini-2.5-flash');
    expect(gemini?.provider).toBe('gemini');
  });

  it('keeps a token limited to Gemini away from the provider, and its model list too', async () => {
    const secret = tokenWithPolicy(h.dataDir, 'gemini only', { allowProviders: ['gemini'] });
    const limited = new OpenAI({ apiKey: secret, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const refused = await limited.chat.completions
      .create({ model: 'qwen/qwen-plus', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.APIError);
    expect((refused as InstanceType<typeof OpenAI.APIError>).status).toBe(403);
    expect((refused as InstanceType<typeof OpenAI.APIError>).code).toBe('provider_not_allowed');
    const ids = (await limited.models.list()).data.map((model) => model.id);
    expect(ids).toContain('gemini-2.5-flash');
    expect(ids.some((id) => id.startsWith('qwen/'))).toBe(false);
  });
});
