import type { ChatResponseOptions } from '../fromGeminiResponse.js';

/**
 * The answer options the translation tests share: a fixed id, model and time, and tool-call ids
 * numbered in order, so that expected answers can be written out whole.
 */
export function testResponseOptions(): ChatResponseOptions {
  let n = 0;
  return {
    id: 'chatcmpl-test',
    model: 'gemini-test',
    created: 1_767_000_000,
    newToolCallId: () => `call_test_${++n}`,
  };
}
