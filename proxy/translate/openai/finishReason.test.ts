import { describe, expect, it } from 'vitest';
import { toChatFinishReason } from './finishReason.js';

describe('toChatFinishReason', () => {
  it('STOP is stop, or tool_calls when the answer called functions', () => {
    expect(toChatFinishReason('STOP', false)).toBe('stop');
    expect(toChatFinishReason('STOP', true)).toBe('tool_calls');
  });

  it('MAX_TOKENS is length, even with a call in the answer', () => {
    expect(toChatFinishReason('MAX_TOKENS', true)).toBe('length');
  });

  it.each([
    'SAFETY',
    'RECITATION',
    'BLOCKLIST',
    'PROHIBITED_CONTENT',
    'SPII',
    'LANGUAGE',
    'IMAGE_SAFETY',
    'IMAGE_PROHIBITED_CONTENT',
    'IMAGE_RECITATION',
    'OTHER',
    'IMAGE_OTHER',
  ])('%s is content_filter', (reason) => {
    expect(toChatFinishReason(reason, false)).toBe('content_filter');
    expect(toChatFinishReason(reason, true)).toBe('content_filter');
  });

  it.each([
    'MALFORMED_FUNCTION_CALL',
    'UNEXPECTED_TOOL_CALL',
    'TOO_MANY_TOOL_CALLS',
    'NO_IMAGE',
    'SOMETHING_NEW',
  ])('%s is stop', (reason) => {
    expect(toChatFinishReason(reason, false)).toBe('stop');
  });
});
