import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { CORPUS, LONG_ANSWER, MODEL, PROMPT, startCorpusHarness } from './corpus.js';

/** Every corpus pattern through the real `openai` SDK's Responses API, streamed and not. */
describe('resumable streams, OpenAI Responses API', () => {
  let h: Harness;
  let client: OpenAI;
  beforeAll(async () => {
    h = await startCorpusHarness();
    client = new OpenAI({ apiKey: h.token, baseURL: `${h.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => h.close());
  beforeEach(() => expect(h.emulator.pendingFaults()).toBe(0));

  for (const pattern of CORPUS) {
    const reasoning = pattern.thinking ? ({ reasoning: { effort: 'low', summary: 'auto' } } as const) : {};

    it(`streamed: ${pattern.name}`, async () => {
      for (const fault of pattern.faults) h.emulator.injectFault(fault);
      const stream = client.responses.stream({ model: MODEL, input: PROMPT, ...reasoning });
      let text = '';
      stream.on('response.output_text.delta', (event) => {
        text += event.delta;
      });
      if (pattern.expect === 'full') {
        const final = await stream.finalResponse();
        expect(text).toBe(LONG_ANSWER);
        expect(final.output_text).toBe(LONG_ANSWER);
        expect(final.status).toBe('completed');
      } else {
        await expect(stream.finalResponse()).rejects.toThrow(/cut off.*tried 5 times/);
        expect(LONG_ANSWER.startsWith(text)).toBe(true);
      }
      expect(h.emulator.pendingFaults()).toBe(0);
    });

    it(`whole: ${pattern.name}`, async () => {
      for (const fault of pattern.faults) h.emulator.injectFault(fault);
      const call = client.responses.create({ model: MODEL, input: PROMPT, ...reasoning });
      if (pattern.expect === 'full') {
        const response = await call;
        expect(response.output_text).toBe(LONG_ANSWER);
        expect(response.status).toBe('completed');
      } else {
        await expect(call).rejects.toThrow(/cut off/);
      }
      expect(h.emulator.pendingFaults()).toBe(0);
    });
  }
});
