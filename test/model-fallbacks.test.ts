import OpenAI from 'openai';
import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from './emulator/index.js';
import { startHarness, type Harness } from './support/harness.js';
import { waitForUsageRows } from './support/usageLog.js';

const ASKED = 'gemini-3-pro-preview';
const FALLBACK = 'gemini-2.5-pro';

/**
 * `models.fallbacks` (issue 25): when every project answers a model 503 overloaded before the first
 * byte, the next model of its chain answers instead, and the client and the request log say so.
 * Two accounts, so "every project" means two 503s for the model asked for.
 */
describe('fallback models for an overloaded model', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      accounts: { a: { keys: 1 }, b: { keys: 1 } },
      settings: { 'models.fallbacks': `${ASKED}>${FALLBACK}>gemini-2.5-flash` },
    });
  });
  afterAll(() => h.close());

  const overloadEverywhere = (model = ASKED) => {
    h.emulator.injectFault(faults.overloaded(), { model });
    h.emulator.injectFault(faults.overloaded(), { model });
  };

  it('answers a chat completion with the fallback, and says which model answered', async () => {
    overloadEverywhere();
    const openai = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
    const { data, response } = await openai.chat.completions
      .create({ model: ASKED, messages: [{ role: 'user', content: 'Hello there' }] })
      .withResponse();
    expect(data.choices[0]!.message.content).toBeTruthy();
    expect(data.model).toBe(FALLBACK);
    expect(response.headers.get('x-gemgate-model')).toBe(FALLBACK);
    expect(h.emulator.pendingFaults()).toBe(0);
    const rows = await waitForUsageRows(h.dataDir, 1);
    expect(rows.at(-1)).toMatchObject({ model: FALLBACK, status: 200 });
  });

  it('streams natively from the fallback, and the next model when the fallback is overloaded too', async () => {
    overloadEverywhere();
    overloadEverywhere(FALLBACK);
    const ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
    let text = '';
    let modelVersion: string | undefined;
    for await (const chunk of await ai.models.generateContentStream({
      model: ASKED,
      contents: 'Count to three',
    })) {
      text += chunk.text ?? '';
      modelVersion ??= chunk.modelVersion;
    }
    expect(text.length).toBeGreaterThan(0);
    expect(modelVersion).toBe('gemini-2.5-flash');
    const answered = h.emulator.requests.filter((r) => r.action === 'streamGenerateContent').slice(-5);
    expect(answered.map((r) => r.model)).toEqual([ASKED, ASKED, FALLBACK, FALLBACK, 'gemini-2.5-flash']);
  });

  it('does not fall back for a model without a chain, nor when the overload was not everywhere', async () => {
    h.emulator.injectFault(faults.overloaded(), { model: 'gemini-2.5-flash' });
    h.emulator.injectFault(faults.overloaded(), { model: 'gemini-2.5-flash' });
    const direct = await fetch(`${h.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(direct.status).toBe(503);
    await direct.body?.cancel();

    h.emulator.injectFault(faults.overloaded(), { model: ASKED });
    const oneProject = await fetch(`${h.url}/v1beta/models/${ASKED}:generateContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': h.token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
    });
    expect(oneProject.status).toBe(200);
    expect(oneProject.headers.get('x-gemgate-model')).toBe(ASKED);
    expect(((await oneProject.json()) as { modelVersion?: string }).modelVersion).toBe(ASKED);
  });
});
