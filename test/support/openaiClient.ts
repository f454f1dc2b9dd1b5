import OpenAI from 'openai';
import { afterAll, beforeAll } from 'vitest';
import { startHarness, type Harness, type HarnessOptions } from './harness.js';

/**
 * A gateway on the emulator and a real `openai` SDK client pointed at it, for the tests of one
 * `describe`: started before them, closed after them. The SDK does not retry, so a test sees the
 * first answer as a user's code would with `maxRetries: 0`.
 */
export function openAIClientOnGateway(options: HarnessOptions = {}): { h: Harness; client: OpenAI } {
  const state = {} as { h: Harness; client: OpenAI };
  beforeAll(async () => {
    state.h = await startHarness(options);
    state.client = new OpenAI({ apiKey: state.h.token, baseURL: `${state.h.url}/v1`, maxRetries: 0 });
  });
  afterAll(() => state.h?.close());
  return state;
}
