import { describe, expect, it } from 'vitest';
import { InputError } from '../../failures/inputError.js';
import { parseResponsesRequest } from './parseResponsesRequest.js';
import { toResponsesTools } from './toResponsesTools.js';

const fn = (name: string) => ({
  type: 'function',
  name,
  parameters: { type: 'object', properties: { q: { type: 'string' } } },
});
const toolsFor = (extra: Record<string, unknown>, model = 'gemini-2.5-flash') =>
  toResponsesTools(parseResponsesRequest({ model, input: 'hi', tools: [fn('a'), fn('b')], ...extra }), model);
const declared = (names: string[]) =>
  names.map((name) => ({
    name,
    parametersJsonSchema: { type: 'object', properties: { q: { type: 'string' } } },
  }));

describe('toResponsesTools', () => {
  it.each<[string, unknown, Record<string, unknown> | undefined]>([
    ['none', 'none', { mode: 'NONE' }],
    ['auto', 'auto', { mode: 'AUTO' }],
    ['required', 'required', { mode: 'ANY' }],
    ['a named function', { type: 'function', name: 'b' }, { mode: 'ANY', allowedFunctionNames: ['b'] }],
    [
      'allowed tools, required',
      { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'a' }] },
      { mode: 'ANY', allowedFunctionNames: ['a'] },
    ],
    ['absent', undefined, undefined],
  ])('tool_choice %s', (_name, choice, calling) => {
    const { tools, toolConfig } = toolsFor(choice === undefined ? {} : { tool_choice: choice });
    expect(tools).toEqual([{ functionDeclarations: declared(['a', 'b']) }]);
    expect(toolConfig).toEqual(calling && { functionCallingConfig: calling });
  });

  it('allowed tools in auto mode narrow the declarations instead (Gemini takes allowedFunctionNames only in ANY)', () => {
    const { tools, toolConfig } = toolsFor({
      tool_choice: { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'b' }] },
    });
    expect(tools).toEqual([{ functionDeclarations: declared(['b']) }]);
    expect(toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
  });

  it.each(['web_search', 'web_search_preview', 'web_search_2025_08_26'])(
    '%s becomes Google Search grounding, its hints dropped',
    (type) => {
      const translated = toResponsesTools(
        parseResponsesRequest({
          model: 'gemini-2.5-flash',
          input: 'hi',
          tools: [
            { type, search_context_size: 'high', user_location: { type: 'approximate', city: 'Paris' } },
          ],
        }),
        'gemini-2.5-flash',
      );
      expect(translated).toEqual({ tools: [{ googleSearch: {} }] });
    },
  );

  it("functions and search together on Gemini 3, flagged as Google's tool combination wants", () => {
    expect(toolsFor({ tools: [fn('a'), { type: 'web_search' }] }, 'gemini-3-flash-preview')).toEqual({
      tools: [{ functionDeclarations: declared(['a']) }, { googleSearch: {} }],
      toolConfig: { includeServerSideToolInvocations: true },
    });
  });

  it.each(['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-flash-lite-latest'])(
    '%s refuses search beside functions: the functions stay, the search is dropped and said to be',
    (model) => {
      expect(toolsFor({ tools: [fn('a'), { type: 'web_search' }] }, model)).toEqual({
        tools: [{ functionDeclarations: declared(['a']) }],
        dropped: ['web_search'],
      });
      // Search alone is still search.
      expect(toolsFor({ tools: [{ type: 'web_search' }] }, model).tools).toEqual([{ googleSearch: {} }]);
    },
  );

  it("tool_choice 'none' leaves search out as well, and nothing is said dropped", () => {
    expect(
      toolsFor({ tools: [fn('a'), { type: 'web_search' }], tool_choice: 'none' }, 'gemini-3-flash-preview'),
    ).toEqual({
      tools: [{ functionDeclarations: declared(['a']) }],
      toolConfig: { functionCallingConfig: { mode: 'NONE' } },
    });
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    [
      'a model without grounding',
      { tools: [fn('a'), { type: 'web_search' }] },
      'gemini-2.0-flash-lite',
      'tools[1].type',
    ],
    [
      'a domain allow-list',
      { tools: [{ type: 'web_search', filters: { allowed_domains: ['example.com'] } }] },
      'gemini-2.5-flash',
      'tools[0].filters.allowed_domains',
    ],
  ])('400 for %s', (_name, extra, model, param) => {
    let error: unknown;
    try {
      toolsFor(extra, model);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).param).toBe(param);
  });
});
