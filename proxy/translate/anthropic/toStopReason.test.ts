import { describe, expect, it } from 'vitest';
import { toStopReason } from './toStopReason.js';

describe('toStopReason', () => {
  it.each([
    ['STOP', false, 'end_turn'],
    ['STOP', true, 'tool_use'],
    ['MAX_TOKENS', false, 'max_tokens'],
    ['MAX_TOKENS', true, 'max_tokens'],
    ['SAFETY', false, 'refusal'],
    ['RECITATION', false, 'refusal'],
    ['PROHIBITED_CONTENT', true, 'refusal'],
    ['OTHER', false, 'refusal'],
    ['MALFORMED_FUNCTION_CALL', false, 'end_turn'],
    ['TOO_MANY_TOOL_CALLS', true, 'end_turn'],
    ['SOMETHING_NEW', false, 'end_turn'],
  ] as const)('%s (calls: %s) -> %s', (reason, calls, expected) => {
    expect(toStopReason(reason, calls)).toBe(expected);
  });
});
