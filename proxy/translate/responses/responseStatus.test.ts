import { describe, expect, it } from 'vitest';
import { toResponseEnd } from './responseStatus.js';

describe('toResponseEnd', () => {
  it.each<[string, string, string | null]>([
    ['STOP', 'completed', null],
    ['MAX_TOKENS', 'incomplete', 'max_output_tokens'],
    ['SAFETY', 'incomplete', 'content_filter'],
    ['RECITATION', 'incomplete', 'content_filter'],
    ['PROHIBITED_CONTENT', 'incomplete', 'content_filter'],
    ['OTHER', 'incomplete', 'content_filter'],
    ['PROMPT_BLOCKED', 'incomplete', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'completed', null],
    ['FINISH_REASON_UNSPECIFIED', 'completed', null],
  ])('%s -> %s (%s)', (reason, status, detail) => {
    expect(toResponseEnd(reason)).toEqual({
      status,
      incomplete_details: detail === null ? null : { reason: detail },
    });
  });
});
