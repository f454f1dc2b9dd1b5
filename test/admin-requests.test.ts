import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';
import { adminClient, type AdminAnswer } from './support/adminClient.js';
import { tokenWithPolicy } from './support/policyToken.js';
import { faults } from './emulator/index.js';
import type {
  RequestChoicesResponse,
  RequestDetailResponse,
  RequestLogEntry,
  RequestLogResponse,
} from '../proxy/http/admin/contract.js';

/**
 * The request log as the dashboard opens it: each request tells what its client was told, every
 * upstream call it made (key, project, how it ended), its resume seams, timings, tokens and cost;
 * the list pages back without gaps and filters by values the log holds.
 */
describe('the request log, opened', () => {
  let h: Harness;
  let admin: (path: string) => Promise<AdminAnswer>;
  const generate = (token: string, model: string, prompt: string, stream = false) =>
    fetch(`${h.url}/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
    });
  /** The newest logged request matching, once the log (written in batches) has it. */
  const logged = async (match: (entry: RequestLogEntry) => boolean): Promise<RequestDetailResponse> => {
    let found: RequestLogEntry | undefined;
    await expect
      .poll(async () => {
        found = ((await admin('/requests?limit=50')).json as RequestLogResponse).entries.find(match);
        return found !== undefined;
      })
      .toBe(true);
    return (await admin(`/requests/${found!.id}`)).json as RequestDetailResponse;
  };

  beforeAll(async () => {
    h = await startHarness({ accounts: { alice: { keys: 1, project: 'alice-project' }, bob: { keys: 1 } } });
    admin = await adminClient(h);
  });
  afterAll(() => h.close());

  it('shows a refused request with the sentence its client got, and no upstream call', async () => {
    const phone = tokenWithPolicy(h.dataDir, 'phone', { allowModels: ['gemini-2.5-flash'] });
    const refused = await generate(phone, 'gemini-2.5-pro', 'pro please');
    expect(refused.status).toBe(403);
    const told = ((await refused.json()) as { error: { message: string } }).error.message;

    const detail = await logged((entry) => entry.clientName === 'phone' && entry.status === 403);
    expect(detail.entry).toMatchObject({ outcome: 'rejected', error: expect.any(String), message: told });
    expect(detail.told).toEqual({ status: 403, message: told });
    expect(detail.attempts).toEqual([]);
    expect(detail.tokens).toBeNull();
  });

  it('shows a failed request with every key it asked, its project and account, and what each answered', async () => {
    for (let i = 0; i < 2; i++)
      h.emulator.injectFault(faults.rateLimit(), { model: 'gemini-2.5-flash-lite' });
    const failed = await generate(h.token, 'gemini-2.5-flash-lite', 'limited');
    expect(failed.status).toBe(429);
    const told = ((await failed.json()) as { error: { message: string } }).error.message;

    const detail = await logged((entry) => entry.model === 'gemini-2.5-flash-lite' && entry.status === 429);
    expect(detail.told.message).toBe(told);
    expect(detail.attempts).toHaveLength(2);
    for (const attempt of detail.attempts) {
      expect(attempt).toMatchObject({ mode: 'failover', status: 429, failure: 'rate-limited' });
      expect(attempt.masked).toMatch(/^AIza…/);
    }
    expect(detail.attempts.map((attempt) => attempt.project?.account).sort()).toEqual(['alice', 'bob']);
    expect(detail.attempts.find((attempt) => attempt.project?.account === 'alice')!.project).toMatchObject({
      gcpProject: 'alice-project',
    });
  });

  it('shows a resumed stream: the cut, the continuation, the seam, tokens, timings and cost', async () => {
    h.emulator.injectFault(faults.cut(60), { model: 'gemini-2.5-flash' });
    h.emulator.injectFault(faults.repeatOverlap(8), { model: 'gemini-2.5-flash' });
    const streamed = await generate(h.token, 'gemini-2.5-flash', 'cut me', true);
    expect(streamed.status).toBe(200);
    await streamed.text();

    const detail = await logged((entry) => entry.model === 'gemini-2.5-flash' && entry.attempts === 2);
    expect(detail.entry).toMatchObject({ outcome: 'complete', streamed: true, message: null });
    expect(detail.resumes).toBe(1);
    expect(detail.attempts).toMatchObject([
      { mode: 'first', cause: 'transport-error' },
      { mode: 'continue', finishReason: 'STOP', seamRemoved: 8 },
    ]);
    expect(detail.attempts[1]!.tokens!.output).toBeGreaterThan(0);
    expect(detail.tokens!.output).toBe(
      detail.attempts.reduce((sum, attempt) => sum + (attempt.tokens?.output ?? 0), 0),
    );
    expect(detail.timings.firstByteMs).toBeGreaterThan(0);
    expect(detail.timings.totalMs).toBeGreaterThanOrEqual(detail.timings.firstByteMs!);
    expect(detail.entry.costUsd).toBeGreaterThan(0);
  }, 20_000);

  it('pages back through every request once, and offers the values its filters can take', async () => {
    for (let i = 0; i < 5; i++)
      expect((await generate(h.token, 'gemini-2.5-flash', `page ${i}`)).status).toBe(200);
    let all: RequestLogEntry[] = [];
    await expect
      .poll(async () => {
        all = ((await admin('/requests?limit=500')).json as RequestLogResponse).entries;
        return all.length;
      })
      .toBeGreaterThanOrEqual(8);
    const seen: string[] = [];
    let page = (await admin('/requests?limit=3')).json as RequestLogResponse;
    seen.push(...page.entries.map((entry) => entry.id));
    while (page.more) {
      const last = page.entries.at(-1)!;
      page = (await admin(`/requests?limit=3&before=${last.at}&beforeId=${last.id}`))
        .json as RequestLogResponse;
      seen.push(...page.entries.map((entry) => entry.id));
    }
    expect(seen).toEqual(all.map((entry) => entry.id));

    const choices = (await admin('/requests/choices')).json as RequestChoicesResponse;
    expect(choices.models).toEqual(
      expect.arrayContaining(['gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-2.5-pro']),
    );
    expect(choices.clients.map((client) => client.name)).toEqual(
      expect.arrayContaining(['harness', 'phone']),
    );
    expect(choices.keys.every((key) => /^AIza…/.test(key.masked))).toBe(true);
    const refusals = (await admin('/requests?status=refused')).json as RequestLogResponse;
    expect(refusals.entries.map((entry) => entry.clientName)).toEqual(['phone']);
    expect((await admin('/requests/999999')).status).toBe(404);
  });
});
