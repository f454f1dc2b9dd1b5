import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Harness } from '../support/harness.js';
import { CORPUS, LONG_ANSWER, MODEL, PROMPT, startCorpusHarness } from './corpus.js';

const THOUGHTS = 'Thinking about seams, cuts and stalls.';

/** Every corpus pattern through the real `@anthropic-ai/sdk`'s Messages API, streamed and not. */
describe('resumable streams, Anthropic Messages API', () => {
  let h: Harness;
  let client: Anthropic;
  beforeAll(async () => {
    h = await startCorpusHarness();
    client = new Anthropic({ apiKey: h.token, baseURL: h.url, maxRetries: 0 });
  });
  afterAll(() => h.close());
  beforeEach(() => expect(h.emulator.pendingFaults()).toBe(0));

  for (const pattern of CORPUS) {
    const thinking = pattern.thinking ? { thinking: { type: 'enabled' as const, budget_tokens: 1024 } } : {};
    const params = {
      model: MODEL,
      max_tokens: 4096,
      messages: [{ role: 'user' as const, content: PROMPT }],
      ...thinking,
    };

    it(`streamed: ${pattern.name}`, async () => {
      for (const fault of pattern.faults) h.emulator.injectFault(fault);
      const stream = client.messages.stream(params);
      let text = '';
      let thought = '';
      stream.on('text', (delta) => {
        text += delta;
      });
      stream.on('thinking', (delta) => {
        thought += delta;
      });
      if (pattern.expect === 'full') {
        const final = await stream.finalMessage();
        expect(text).toBe(LONG_ANSWER);
        expect(final.content.filter((block) => block.type === 'text')).toEqual([
          { type: 'text', text: LONG_ANSWER },
        ]);
        expect(final.stop_reason).toBe('end_turn');
        // Thinking is shown once, whole, however the answer was cut.
        if (pattern.thinking) expect(thought).toBe(THOUGHTS);
      } else {
        await expect(stream.finalMessage()).rejects.toThrow(/cut off.*tried 5 times/);
        expect(LONG_ANSWER.startsWith(text)).toBe(true);
      }
      expect(h.emulator.pendingFaults()).toBe(0);
    });

    it(`whole: ${pattern.name}`, async () => {
      for (const fault of pattern.faults) h.emulator.injectFault(fault);
      const call = client.messages.create(params);
      if (pattern.expect === 'full') {
        const message = await call;
        expect(message.content.filter((block) => block.type === 'text')).toEqual([
          { type: 'text', text: LONG_ANSWER },
        ]);
        expect(message.stop_reason).toBe('end_turn');
        if (pattern.thinking)
          expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: THOUGHTS });
      } else {
        await expect(call).rejects.toThrow(/cut off/);
      }
      expect(h.emulator.pendingFaults()).toBe(0);
    });
  }
});
