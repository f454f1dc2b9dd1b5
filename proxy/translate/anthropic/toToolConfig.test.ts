import { describe, expect, it } from 'vitest';
import { geminiFunctionName } from './functionNames.js';
import type { AnthropicToolChoice } from './messagesRequestSchema.js';
import { toToolConfig } from './toToolConfig.js';

const LONG = 'mcp__playwright__browser_navigate_to_the_page_and_wait_until_the_network_is_idle';

describe('toToolConfig', () => {
  it.each<[string, AnthropicToolChoice, unknown]>([
    ['auto', { type: 'auto' }, { mode: 'AUTO' }],
    ['any', { type: 'any', disable_parallel_tool_use: true }, { mode: 'ANY' }],
    ['one tool', { type: 'tool', name: 'Bash' }, { mode: 'ANY', allowedFunctionNames: ['Bash'] }],
    [
      'one tool, by the name Gemini knows it',
      { type: 'tool', name: LONG },
      { mode: 'ANY', allowedFunctionNames: [geminiFunctionName(LONG)] },
    ],
    ['none', { type: 'none' }, { mode: 'NONE' }],
  ])('%s', (_name, choice, expected) => {
    expect(toToolConfig(choice, 2)).toEqual({ functionCallingConfig: expected });
  });

  it('nothing when absent, and nothing without declared functions', () => {
    expect(toToolConfig(undefined, 2)).toBeUndefined();
    expect(toToolConfig({ type: 'any' }, 0)).toBeUndefined();
  });
});
