import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { faults } from '../emulator/index.js';
import { CORPUS, LONG_ANSWER, MODEL, PROMPT, startCorpusHarness } from './corpus.js';

/** Every corpus pattern, through the real @google/genai SDK, streamed and not. */
describe('resumable streams, native Gemini dialect', () => {
  let h: Harness;
  let ai: GoogleGenAI;
  beforeAll(async () => {
    h = await startCorpusHarness();
    ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
  });
  afterAll(() => h.close());
  beforeEach(() => expect(h.emulator.pendingFaults()).toBe(0));

  const config = (thinking?: boolean) =>
    thinking ? { thinkingConfig: { includeThoughts: true } } : undefined;

  for (const pattern of CORPUS) {
    it(`streamed: ${pattern.name}`, async () => {
      for (const fault of pattern.faults) h.emulator.injectFault(fault);
      const stream = await ai.models.generateContentStream({
        model: MODEL,
        contents: PROMPT,
        config: config(pattern.thinking),
      });
      let text = '';
      let finishReason: string | undefined;
      const read = async () => {
        for await (const chunk of stream) {
          text +=
            chunk.candidates?.[0]?.content?.parts
              ?.filter((part) => !part.thought)
              .map((part) => part.text ?? '')
              .join('') ?? '';
          finishReason = chunk.candidates?.[0]?.finishReason ?? finishReason;
        }
      };
      if (pattern.expect === 'full') {
        await read();
        expect(text).toBe(LONG_ANSWER);
        expect(finishReason).toBe('STOP');
      } else {
        await expect(read()).rejects.toThrow(/cut off.*tried 5 times/);
        expect(LONG_ANSWER.startsWith(text)).toBe(true);
      }
      expect(h.emulator.pendingFaults()).toBe(0);
    });

    it(`whole: ${pattern.name}`, async () => {
      for (const fault of pattern.faults) h.emulator.injectFault(fault);
      const call = ai.models.generateContent({
        model: MODEL,
        contents: PROMPT,
        config: config(pattern.thinking),
      });
      if (pattern.expect === 'full') {
        const response = await call;
        expect(response.text).toBe(LONG_ANSWER);
      } else {
        await expect(call).rejects.toThrow(/cut off/);
      }
      expect(h.emulator.pendingFaults()).toBe(0);
    });
  }

  it('a safety stop is final: no retry, and the client sees SAFETY', async () => {
    h.emulator.injectFault(faults.finish('SAFETY', 50));
    const before = h.emulator.requests.length;
    const response = await ai.models.generateContent({ model: MODEL, contents: PROMPT });
    expect(response.candidates?.[0]?.finishReason).toBe('SAFETY');
    expect(response.text).toBe(LONG_ANSWER.slice(0, 50));
    expect(h.emulator.requests.length - before).toBe(1);
  });

  it('a tool call cut right after it was sent still stands, and is never continued', async () => {
    h.emulator.setAnswer('call the tool', {
      functionCalls: [{ name: 'get_weather', args: { city: 'Paris' } }],
    });
    h.emulator.injectFault(faults.endWithoutFinish(0));
    const before = h.emulator.requests.length;
    const response = await ai.models.generateContent({
      model: MODEL,
      contents: 'call the tool',
      config: {
        tools: [{ functionDeclarations: [{ name: 'get_weather', parameters: { type: 'object' as never } }] }],
      },
    });
    expect(response.functionCalls).toEqual([
      expect.objectContaining({ name: 'get_weather', args: { city: 'Paris' } }),
    ]);
    expect(h.emulator.requests.length - before).toBe(1);
  });

  it('the continuation carries what the client saw as the model turn, and ends with a user turn', async () => {
    h.emulator.injectFault(faults.cut(100));
    const before = h.emulator.requests.length;
    await ai.models.generateContent({ model: MODEL, contents: PROMPT });
    const [, continuation] = h.emulator.requests.slice(before);
    const contents = (
      continuation!.body as { contents: Array<{ role: string; parts: Array<{ text: string }> }> }
    ).contents;
    expect(contents.at(-2)).toEqual({ role: 'model', parts: [{ text: LONG_ANSWER.slice(0, 100) }] });
    expect(contents.at(-1)!.role).toBe('user');
  });

  it("shows the client one answer's usage: its prompt once, the output of every attempt", async () => {
    h.emulator.injectFault(faults.cut(100));
    const response = await ai.models.generateContent({ model: MODEL, contents: PROMPT });
    const attempts = h.emulator.requests.slice(-2);
    expect(attempts).toHaveLength(2);
    const clean = await ai.models.generateContent({ model: MODEL, contents: PROMPT });
    // Agents size their context from promptTokenCount: a resume must not double it (the re-sent
    // prompt is billed and recorded by gemgate, test/usage.test.ts).
    expect(response.usageMetadata!.promptTokenCount).toBe(clean.usageMetadata!.promptTokenCount);
    // The cut attempt's output and the rest add up to at least one clean answer.
    expect(response.usageMetadata!.candidatesTokenCount).toBeGreaterThanOrEqual(
      clean.usageMetadata!.candidatesTokenCount!,
    );
    const usage = response.usageMetadata!;
    expect(usage.totalTokenCount).toBe(
      usage.promptTokenCount! + usage.candidatesTokenCount! + (usage.thoughtsTokenCount ?? 0),
    );
  });

  it('a cut JSON answer is finished as the same document: the continuation is not held to the schema', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, facts: { type: 'array', items: { type: 'string' } } },
    };
    const request = {
      model: MODEL,
      contents: 'Facts about Paris as JSON.',
      config: { responseMimeType: 'application/json', responseJsonSchema: schema },
    };
    const clean = (await ai.models.generateContent(request)).text!;
    h.emulator.injectFault(faults.cut(Math.floor(clean.length / 2)));
    const before = h.emulator.requests.length;
    const resumed = await ai.models.generateContent(request);
    expect(resumed.text).toBe(clean);
    expect(() => JSON.parse(resumed.text!)).not.toThrow();
    const continuation = h.emulator.requests[before + 1]!.body as {
      generationConfig?: Record<string, unknown>;
    };
    expect(continuation.generationConfig?.responseJsonSchema).toBeUndefined();
    expect(continuation.generationConfig?.responseMimeType).toBeUndefined();
  });

  it("the continuation gets what is left of the client's maxOutputTokens", async () => {
    h.emulator.injectFault(faults.cut(100));
    const before = h.emulator.requests.length;
    await ai.models.generateContent({ model: MODEL, contents: PROMPT, config: { maxOutputTokens: 4000 } });
    const [first, continuation] = h.emulator.requests.slice(before) as Array<{
      body: { generationConfig: { maxOutputTokens: number } };
    }>;
    expect(first!.body.generationConfig.maxOutputTokens).toBe(4000);
    expect(continuation!.body.generationConfig.maxOutputTokens).toBeLessThan(4000);
    expect(continuation!.body.generationConfig.maxOutputTokens).toBeGreaterThan(3900);
  });
});

describe('how much a continuation thinks', () => {
  async function harnessWith(continuationThinking?: 'same') {
    const h = await startCorpusHarness({
      accounts: { main: { keys: 2 } },
      settings: continuationThinking ? { 'resume.continuationThinking': continuationThinking } : {},
    });
    const ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
    /** One clean answer, then the same answer cut once and resumed. */
    const resumedOnce = async (model: string) => {
      const clean = await ai.models.generateContent({ model, contents: PROMPT });
      h.emulator.injectFault(faults.cut(100));
      const before = h.emulator.requests.length;
      const resumed = await ai.models.generateContent({ model, contents: PROMPT });
      const [, continuation] = h.emulator.requests.slice(before) as Array<{
        body: { generationConfig?: { thinkingConfig?: Record<string, unknown> } };
      }>;
      return { clean, resumed, thinking: continuation!.body.generationConfig?.thinkingConfig };
    };
    return { h, resumedOnce };
  }

  it('by default, as little as the model accepts: the thoughts are not billed twice', async () => {
    const { h, resumedOnce } = await harnessWith();
    try {
      const { clean, resumed, thinking } = await resumedOnce('gemini-2.5-flash');
      expect(resumed.text).toBe(LONG_ANSWER);
      expect(thinking).toEqual({ thinkingBudget: 0 });
      expect(clean.usageMetadata!.thoughtsTokenCount).toBeGreaterThan(0);
      expect(resumed.usageMetadata!.thoughtsTokenCount).toBe(clean.usageMetadata!.thoughtsTokenCount);

      // Models that cannot stop thinking get their least, which Gemini takes: the answer completes.
      const pro = await resumedOnce('gemini-2.5-pro');
      expect(pro.resumed.text).toBe(LONG_ANSWER);
      expect(pro.thinking).toEqual({ thinkingBudget: 128 });
      const gemini3 = await resumedOnce('gemini-3-pro-preview');
      expect(gemini3.resumed.text).toBe(LONG_ANSWER);
      expect(gemini3.thinking).toEqual({ thinkingLevel: 'low' });
    } finally {
      await h.close();
    }
  });

  it("with resume.continuationThinking set to same, the client's setting, and its thoughts billed again", async () => {
    const { h, resumedOnce } = await harnessWith('same');
    try {
      const { clean, resumed, thinking } = await resumedOnce('gemini-2.5-flash');
      expect(resumed.text).toBe(LONG_ANSWER);
      expect(thinking).toBeUndefined();
      expect(resumed.usageMetadata!.thoughtsTokenCount).toBe(2 * clean.usageMetadata!.thoughtsTokenCount!);
    } finally {
      await h.close();
    }
  });
});

describe('resuming with a single key', () => {
  let h: Harness;
  let ai: GoogleGenAI;
  beforeAll(async () => {
    h = await startHarness({ accounts: { solo: { keys: 1 } } });
    h.emulator.setAnswer(PROMPT, { text: LONG_ANSWER });
    ai = new GoogleGenAI({ apiKey: h.token, httpOptions: { baseUrl: h.url } });
  });
  afterAll(() => h.close());

  it('waits out a short rate limit on the continuation instead of giving up', async () => {
    h.emulator.injectFault(faults.cut(80));
    h.emulator.injectFault(faults.rateLimit({ retryDelay: '1s' }));
    const started = Date.now();
    let text = '';
    for await (const chunk of await ai.models.generateContentStream({ model: MODEL, contents: PROMPT }))
      text += chunk.text ?? '';
    expect(text).toBe(LONG_ANSWER);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
