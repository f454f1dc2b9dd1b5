import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from './emulator/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { startUsageTap, type TappedCall, type UsageTap } from './support/usageTap.js';
import { expectedCost } from './support/usageOracle.js';
import { waitForUsageRows, type UsageLogRow } from './support/usageLog.js';
import { openStore } from '../proxy/store/openStore.js';
import { ClientPolicies } from '../proxy/policy/clientPolicies.js';
import type { ClientPolicy } from '../proxy/policy/clientPolicy.js';
import type { UsageMetadata } from '../proxy/gemini/types.js';

function summed(calls: TappedCall[]) {
  const sum = (field: keyof UsageMetadata) =>
    calls.reduce((total, call) => total + ((call.usage?.[field] as number | undefined) ?? 0), 0);
  return {
    prompt_tokens: sum('promptTokenCount'),
    output_tokens: sum('candidatesTokenCount'),
    thoughts_tokens: sum('thoughtsTokenCount'),
  };
}

/** The OpenAI dialect logs and obeys policies through the same hook and gate as the native one. */
describe('usage and policies in the OpenAI dialect', () => {
  let h: Harness;
  let tap: UsageTap;
  let sdk: OpenAI;
  let logged = 0;
  beforeAll(async () => {
    h = await startHarness({
      accounts: { main: { keys: 2 } },
      upstream: async (url) => (tap = await startUsageTap(url)).url,
    });
    sdk = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await h.close();
    await tap.close();
  });

  async function logging<T>(
    run: () => Promise<T>,
  ): Promise<{ result: T; row: UsageLogRow; calls: TappedCall[] }> {
    const before = tap.calls.length;
    const result = await run();
    const rows = await waitForUsageRows(h.dataDir, ++logged);
    return { result, row: rows.at(-1)!, calls: tap.calls.slice(before) };
  }

  function token(name: string, policy: ClientPolicy): OpenAI {
    const store = openStore(h.dataDir);
    try {
      const { record, token: value } = store.tokens.create(name);
      new ClientPolicies(store).set(record.id, policy);
      return new OpenAI({ apiKey: value, baseURL: `${h.url}/v1`, maxRetries: 0 });
    } finally {
      store.close();
    }
  }

  it('logs a whole chat completion with the emulator’s tokens and their cost', async () => {
    const { result, row, calls } = await logging(() =>
      sdk.chat.completions.create({
        model: 'google/gemini-2.5-flash',
        messages: [{ role: 'user', content: 'whole' }],
      }),
    );
    expect(result.choices[0]!.message.content).toBe(h.emulator.expectedText('whole'));
    expect(calls).toHaveLength(1);
    expect(row).toMatchObject({
      dialect: 'openai',
      endpoint: 'chat.completions',
      model: 'gemini-2.5-flash',
      stream: 0,
      outcome: 'complete',
      attempts: 1,
      ...summed(calls),
    });
    expect(row.cost_usd).toBeCloseTo(expectedCost(calls), 12);
  });

  it('logs a resumed stream summed over its attempts, and shows the client its prompt once', async () => {
    h.emulator.injectFault(faults.cut(48));
    const { result, row, calls } = await logging(async () => {
      let text = '';
      let usage: OpenAI.CompletionUsage | undefined;
      const stream = await sdk.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'stream, cut' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        usage = chunk.usage ?? usage;
      }
      return { text, usage };
    });
    expect(result.text).toBe(h.emulator.expectedText('stream, cut'));
    expect(calls).toHaveLength(2);
    expect(row).toMatchObject({ stream: 1, outcome: 'complete', attempts: 2, resumes: 1, ...summed(calls) });
    // Roo Code and Cline size the conversation from prompt_tokens: the re-sent prompt is not in it.
    const output = summed(calls);
    expect(result.usage).toMatchObject({
      prompt_tokens: calls[0]!.usage!.promptTokenCount,
      completion_tokens: output.output_tokens + output.thoughts_tokens,
    });
    expect(result.usage!.prompt_tokens).toBeLessThan(row.prompt_tokens as number);
    expect(row.cost_usd).toBeCloseTo(expectedCost(calls), 12);
    expect(row.ttfb_ms as number).toBeGreaterThan(0);
  });

  it('logs embeddings, at an unknown cost', async () => {
    const { row } = await logging(() =>
      sdk.embeddings.create({ model: 'gemini-embedding-001', input: ['a', 'b'] }),
    );
    expect(row).toMatchObject({
      endpoint: 'embeddings',
      model: 'gemini-embedding-001',
      outcome: 'ok',
      cost_usd: null,
    });
  });

  it('holds each token to its policy: model, rpm, and the model list', async () => {
    const limited = token('openai-limited', { allowModels: ['gemini-2.5-flash'], rpm: 1 });
    const refused = await logging(() =>
      limited.chat.completions
        .create({ model: 'gemini-2.5-pro', messages: [{ role: 'user', content: 'pro?' }] })
        .catch((error: unknown) => error),
    );
    expect(refused.result).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((refused.result as Error).message).toMatch(/may not use model gemini-2\.5-pro.*allowModels/);
    expect(refused.row).toMatchObject({ outcome: 'rejected', status: 403, error_class: 'model_not_allowed' });
    expect(refused.calls).toHaveLength(0);

    await limited.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'one' }],
    });
    const overRpm = await limited.chat.completions
      .create({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'two' }] })
      .catch((error: unknown) => error);
    expect(overRpm).toBeInstanceOf(OpenAI.RateLimitError);
    expect((overRpm as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toMatch(
      /^\d+$/,
    );
    expect((overRpm as Error).message).toMatch(/limit of 1 requests per minute \(rpm\)/);
    // Another client carries on.
    const other = await sdk.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'three' }],
    });
    expect(other.choices[0]!.message.content).toBe(h.emulator.expectedText('three'));

    const listed = [];
    for await (const model of limited.models.list()) listed.push(model.id);
    expect(listed).toEqual(['gemini-2.5-flash']);
    await expect(limited.models.retrieve('gemini-2.5-pro')).rejects.toBeInstanceOf(
      OpenAI.PermissionDeniedError,
    );
  });
});
