import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './parseChatRequest.js';
import { toToolConfig } from './toToolConfig.js';

const tool = (name: string) => ({ type: 'function', function: { name } });
const base = { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [tool('a'), tool('b')] };
const configFor = (extra: Record<string, unknown>, declared = 2) =>
  toToolConfig(parseChatRequest({ ...base, ...extra }), declared);

describe('toToolConfig', () => {
  it.each([
    ['none', { mode: 'NONE' }],
    ['auto', { mode: 'AUTO' }],
    ['required', { mode: 'ANY' }],
  ])('tool_choice %s', (choice, expected) => {
    expect(configFor({ tool_choice: choice })).toEqual({ functionCallingConfig: expected });
  });

  it('a named function forces that function', () => {
    expect(configFor({ tool_choice: tool('b') })).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['b'] },
    });
  });

  it('allowed_tools: required -> ANY with the list; auto -> AUTO', () => {
    const allowed = (mode: string) => ({
      type: 'allowed_tools',
      allowed_tools: { mode, tools: [tool('a')] },
    });
    expect(configFor({ tool_choice: allowed('required') })).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['a'] },
    });
    expect(configFor({ tool_choice: allowed('auto') })).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
  });

  it('legacy function_call works like tool_choice', () => {
    expect(
      configFor({ tools: undefined, functions: [{ name: 'a' }], function_call: { name: 'a' } }, 1),
    ).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['a'] },
    });
  });

  it('nothing when absent, and nothing without declared functions', () => {
    expect(configFor({})).toBeUndefined();
    expect(configFor({ tools: undefined, tool_choice: 'required' }, 0)).toBeUndefined();
  });
});
