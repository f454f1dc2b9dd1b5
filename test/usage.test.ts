import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from './emulator/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { startUsageTap, type TappedCall, type UsageTap } from './support/usageTap.js';
import { expectedCost } from './support/usageOracle.js';
import { waitForUsageRows, type UsageLogRow } from './support/usageLog.js';
import { runCli } from './support/cli.js';
import { openStore } from '../proxy/store/openStore.js';
import { ClientPolicies } from '../proxy/policy/clientPolicies.js';
import type { ClientPolicy } from '../proxy/policy/clientPolicy.js';
import type { GenerateContentResponse, UsageMetadata } from '../proxy/gemini/types.js';

function summed(calls: TappedCall[]) {
  const sum = (field: keyof UsageMetadata) =>
    calls.reduce((total, call) => total + ((call.usage?.[field] as number | undefined) ?? 0), 0);
  return {
    prompt_tokens: sum('promptTokenCount'),
    output_tokens: sum('candidatesTokenCount'),
    thoughts_tokens: sum('thoughtsTokenCount'),
    cached_tokens: sum('cachedContentTokenCount'),
    total_tokens: sum('totalTokenCount'),
  };
}

function sseChunks(text: string): GenerateContentResponse[] {
  return text
    .split('\r\n\r\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => JSON.parse(frame.slice(6)) as GenerateContentResponse);
}

const textOf = (chunks: GenerateContentResponse[]) =>
  chunks
    .map((chunk) => chunk.candidates?.[0]?.content?.parts?.map((part) => part.text ?? '').join('') ?? '')
    .join('');

function createToken(h: Harness, name: string, policy: ClientPolicy = {}): { id: string; token: string } {
  const store = openStore(h.dataDir);
  try {
    const { record, token } = store.tokens.create(name);
    new ClientPolicies(store).set(record.id, policy);
    return { id: record.id, token };
  } finally {
    store.close();
  }
}

/**
 * The request log against the emulator's own numbers: a tap between gemgate and the emulator
 * notes the usageMetadata of every upstream answer, and each logged row must hold exactly their
 * sum, with the cost those tokens come to at the shipped prices.
 */
describe('usage log and cost', () => {
  let h: Harness;
  let tap: UsageTap;
  let logged = 0;
  beforeAll(async () => {
    h = await startHarness({
      accounts: { main: { keys: 2 } },
      upstream: async (url) => (tap = await startUsageTap(url)).url,
    });
  });
  afterAll(async () => {
    await h.close();
    await tap.close();
  });

  const post = (path: string, body: unknown, token = h.token) =>
    fetch(`${h.url}${path}`, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ask = (prompt: string) => ({ contents: [{ role: 'user', parts: [{ text: prompt }] }] });

  /** Runs one request; returns the row it logged and the upstream answers it drew on. */
  async function logging<T>(
    run: () => Promise<T>,
  ): Promise<{ result: T; row: UsageLogRow; calls: TappedCall[] }> {
    const before = tap.calls.length;
    const result = await run();
    const rows = await waitForUsageRows(h.dataDir, ++logged);
    expect(rows).toHaveLength(logged);
    return { result, row: rows.at(-1)!, calls: tap.calls.slice(before) };
  }

  function keyProject(keyId: string): string {
    const store = openStore(h.dataDir);
    try {
      return store.keys.get(keyId)!.projectId;
    } finally {
      store.close();
    }
  }

  it('logs a whole answer with exactly the tokens Gemini reported, and its cost', async () => {
    const { result, row, calls } = await logging(async () => {
      const response = await post('/v1beta/models/gemini-2.5-flash:generateContent', ask('a whole answer'));
      return {
        keyId: response.headers.get('x-gemgate-key-id')!,
        body: (await response.json()) as GenerateContentResponse,
      };
    });
    expect(calls).toHaveLength(1);
    expect(result.body.usageMetadata).toEqual(calls[0]!.usage);
    expect(row).toMatchObject({
      dialect: 'gemini',
      endpoint: 'generateContent',
      model: 'gemini-2.5-flash',
      stream: 0,
      status: 200,
      outcome: 'complete',
      attempts: 1,
      resumes: 0,
      causes: null,
      key_id: result.keyId,
      project_id: keyProject(result.keyId),
      error_class: null,
      ...summed(calls),
    });
    expect(row.thoughts_tokens).toBeGreaterThan(0);
    expect(row.cost_usd).toBeCloseTo(expectedCost(calls), 12);
    expect(row.ttfb_ms as number).toBeGreaterThan(0);
    expect(row.total_ms as number).toBeGreaterThanOrEqual(row.ttfb_ms as number);
  });

  it('logs a streamed answer the same way', async () => {
    const { result, row, calls } = await logging(async () =>
      sseChunks(
        await (
          await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', ask('a stream'))
        ).text(),
      ),
    );
    expect(textOf(result)).toBe(h.emulator.expectedText('a stream'));
    expect(row).toMatchObject({
      endpoint: 'streamGenerateContent',
      stream: 1,
      outcome: 'complete',
      attempts: 1,
      ...summed(calls),
    });
    expect(row.cost_usd).toBeCloseTo(expectedCost(calls), 12);
  });

  it('sums a resumed answer over its attempts: the cut one and the continuation', async () => {
    h.emulator.injectFault(faults.cut(48));
    const { result, row, calls } = await logging(async () =>
      sseChunks(
        await (
          await post('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse', ask('cut me'))
        ).text(),
      ),
    );
    expect(textOf(result)).toBe(h.emulator.expectedText('cut me'));
    expect(calls).toHaveLength(2);
    expect(calls[0]!.usage!.candidatesTokenCount).toBeGreaterThan(0);
    expect(row).toMatchObject({
      outcome: 'complete',
      attempts: 2,
      resumes: 1,
      causes: 'transport-error',
      ...summed(calls),
    });
    // The client is shown one answer: its own prompt once (the continuation re-sent it, billed
    // above, but that is not context the client holds), and the output of both attempts.
    const shown = result.at(-1)!.usageMetadata!;
    expect(shown.promptTokenCount).toBe(calls[0]!.usage!.promptTokenCount);
    expect(shown.promptTokenCount).toBeLessThan(row.prompt_tokens as number);
    expect(shown.candidatesTokenCount).toBe(
      calls.reduce((sum, call) => sum + (call.usage?.candidatesTokenCount ?? 0), 0),
    );
    expect(row.cost_usd).toBeCloseTo(expectedCost(calls), 12);
    expect(JSON.parse(row.attempt_detail as string)).toMatchObject([
      { mode: 'first', cause: 'transport-error' },
      { mode: 'continue' },
    ]);
  });

  it('logs an answer that stayed incomplete (resume off for this client), with its partial tokens, and alerts', async () => {
    const noResume = createToken(h, 'no-resume', { resume: false });
    h.emulator.injectFault(faults.cut(48));
    const { result, row, calls } = await logging(async () =>
      (
        await post(
          '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
          ask('cut, no resume'),
          noResume.token,
        )
      ).text(),
    );
    expect(result).toMatch(/"code":502/);
    expect(calls).toHaveLength(1);
    expect(row).toMatchObject({
      client_id: noResume.id,
      status: 200,
      outcome: 'incomplete',
      attempts: 1,
      resumes: 0,
      error_class: 'stream_incomplete',
      ...summed(calls),
    });
    expect(row.cost_usd).toBeCloseTo(expectedCost(calls), 12);
    expect(h.logs()).toMatch(/An answer stayed incomplete: A gemini-2.5-flash answer was cut off/);
  });

  it('logs a failed request (every key rate-limited) with its error class and no cost', async () => {
    h.emulator.injectFault(faults.rateLimit(), { model: 'gemini-2.5-flash-lite' });
    h.emulator.injectFault(faults.rateLimit(), { model: 'gemini-2.5-flash-lite' });
    const { result, row } = await logging(
      async () => (await post('/v1beta/models/gemini-2.5-flash-lite:generateContent', ask('limited'))).status,
    );
    expect(result).toBe(429);
    expect(row).toMatchObject({
      status: 429,
      outcome: 'failed',
      error_class: 'rate_limit_exceeded',
      prompt_tokens: null,
      cost_usd: 0,
      attempts: 0,
    });
  });

  it('logs countTokens at no cost, and embeddings (no token counts) at an unknown cost', async () => {
    const counted = await logging(() =>
      post('/v1beta/models/gemini-2.5-flash:countTokens', { contents: ask('count').contents }).then(
        (r) => r.status,
      ),
    );
    expect(counted.row).toMatchObject({ endpoint: 'countTokens', outcome: 'ok', status: 200, cost_usd: 0 });
    const embedded = await logging(() =>
      post('/v1beta/models/gemini-embedding-001:embedContent', { content: { parts: [{ text: 'x' }] } }).then(
        (r) => r.status,
      ),
    );
    // Gemini bills embeddings but reports no token counts for them: the cost is unknown, not zero.
    expect(embedded.row).toMatchObject({
      endpoint: 'embedContent',
      outcome: 'ok',
      status: 200,
      attempts: 1,
      cost_usd: null,
    });
  });

  it('logs a request its policy refuses, before any upstream call', async () => {
    const flashOnly = createToken(h, 'flash-only', { allowModels: ['gemini-2.5-flash'] });
    const { result, row, calls } = await logging(async () => {
      const response = await post(
        '/v1beta/models/gemini-2.5-pro:generateContent',
        ask('pro please'),
        flashOnly.token,
      );
      return {
        status: response.status,
        body: (await response.json()) as { error: { message: string; status: string } },
      };
    });
    expect(result.status).toBe(403);
    expect(result.body.error).toMatchObject({ status: 'PERMISSION_DENIED' });
    expect(result.body.error.message).toMatch(/"flash-only".*may not use model gemini-2\.5-pro.*allowModels/);
    expect(calls).toHaveLength(0);
    expect(row).toMatchObject({
      client_id: flashOnly.id,
      outcome: 'rejected',
      status: 403,
      error_class: 'model_not_allowed',
    });
  });

  it('gemgate usage --json totals the log per day, model, key and client', async () => {
    const rows = await waitForUsageRows(h.dataDir, logged);
    const cli = await runCli(['usage', '--json', '--requests', '3'], {
      env: { GEMGATE_DATA_DIR: h.dataDir },
    });
    expect(cli.stderr).toBe('');
    const report = JSON.parse(cli.stdout) as {
      total: {
        requests: number;
        errors: number;
        costUsd: number;
        promptTokens: number;
        thoughtsTokens: number;
      };
      byModel: Array<{ model: string; requests: number; costUsd: number }>;
      byClient: Array<{ clientId: string; name: string; requests: number }>;
      byKey: Array<{ keyId: string | null; masked: string | null; requests: number }>;
      byDay: Array<{ day: string; requests: number }>;
      requests: Array<{ outcome: string }>;
      pricesAsOf: string;
    };
    const total = (column: string) =>
      rows.reduce((sum, row) => sum + ((row[column] as number | null) ?? 0), 0);
    expect(report.total.requests).toBe(rows.length);
    expect(report.total.errors).toBe(rows.filter((row) => row.error_class !== null).length);
    expect(report.total.promptTokens).toBe(total('prompt_tokens'));
    expect(report.total.thoughtsTokens).toBe(total('thoughts_tokens'));
    expect(report.total.costUsd).toBeCloseTo(total('cost_usd'), 12);
    expect(report.byDay.reduce((sum, day) => sum + day.requests, 0)).toBe(rows.length);
    const flash = report.byModel.find((entry) => entry.model === 'gemini-2.5-flash')!;
    expect(flash.requests).toBe(rows.filter((row) => row.model === 'gemini-2.5-flash').length);
    expect(report.byClient.map((client) => client.name).sort()).toEqual([
      'flash-only',
      'harness',
      'no-resume',
    ]);
    expect(report.byKey.filter((key) => key.keyId).every((key) => key.masked?.startsWith('AIza…'))).toBe(
      true,
    );
    expect(report.requests.map((request) => request.outcome)).toEqual(['rejected', 'ok', 'ok']);
    expect(report.pricesAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const text = await runCli(['usage', '--since', '2000-01-01'], { env: { GEMGATE_DATA_DIR: h.dataDir } });
    expect(text.stdout).toMatch(/By model:[\s\S]*gemini-2\.5-flash/);
    const bad = await runCli(['usage', '--since', 'yesterday'], { env: { GEMGATE_DATA_DIR: h.dataDir } });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--since must be a day \(YYYY-MM-DD\)/);
  });
});
