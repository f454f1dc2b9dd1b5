import { parseResponsesRequest } from '../parseResponsesRequest.js';
import { responseSettings } from '../responseSettings.js';
import type { ResponsesStreamOptions } from '../responsesStreamTranslator.js';

/**
 * The answer options the translator tests share: a fixed id and time, and item and call ids numbered
 * in order, so that expected events and Responses can be written out whole.
 */
export function testStreamOptions(request: Record<string, unknown> = {}): ResponsesStreamOptions {
  let items = 0;
  let calls = 0;
  return {
    id: 'resp_test',
    createdAt: 1_767_000_000,
    settings: responseSettings(parseResponsesRequest({ model: 'gemini-test', input: 'hi', ...request })),
    newItemId: (prefix) => `${prefix}_${++items}`,
    newCallId: () => `call_${++calls}`,
    now: () => 1_767_000_009,
  };
}
