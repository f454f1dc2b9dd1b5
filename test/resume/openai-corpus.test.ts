import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { CORPUS, LONG_ANSWER, MODEL, PROMPT, startCorpusHarness } from './corpus.js';

/** Every corpus pattern through the real `openai` SDK, streamed and not. */
describe('resumable streams, OpenAI dialect', () => {
  let h: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    h = await startCorpusHarness();
    client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => h.close());
  beforeEach(() => expect(h.emulator.pendingFaults()).toBe(0));

  for (const pattern of CORPUS) {
    const reasoning = pattern.thinking ? ({ reasoning_effort: 'low' } as const) : {};

    it(`streamed: ${pattern.name}`, async () => {
      for (const fault of pattern.faults) h.emulator.injectFault(fault);
      const stream = await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: PROMPT }],
        stream: true,
        ...reasoning,
      });
      let text = '';
      let finish: string | null = null;
      const read = async () => {
        for await (const chunk of stream) {
          text += chunk.choices[0]?.delta.content ?? '';
          finish = chunk.choices[0]?.finish_reason ?? finish;
        }
      };
      if (pattern.expect === 'full') {
        await read();
        expect(text).toBe(LONG_ANSWER);
        expect(finish).toBe('stop');
      } else {
        await expect(read()).rejects.toThrow(/cut off.*tried 5 times/);
        expect(LONG_ANSWER.startsWith(text)).toBe(true);
      }
      expect(h.emulator.pendingFaults()).toBe(0);
    });

    it(`whole: ${pattern.name}`, async () => {
      for (const fault of pattern.faults) h.emulator.injectFault(fault);
      const call = client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: PROMPT }],
        ...reasoning,
      });
      if (pattern.expect === 'full') {
        const completion = await call;
        expect(completion.choices[0]!.message.content).toBe(LONG_ANSWER);
        expect(completion.choices[0]!.finish_reason).toBe('stop');
      } else {
        await expect(call).rejects.toThrow(/cut off/);
      }
      expect(h.emulator.pendingFaults()).toBe(0);
    });
  }
});
