import { describe, expect, it } from 'vitest';
import { CLAUDE_CODE_TOOLS } from './__fixtures__/claudeCode.js';
import { geminiFunctionName } from './functionNames.js';
import type { GeminiTools } from '../responses/googleSearchSupport.js';
import type { AnthropicTool, AnthropicToolChoice } from './messagesRequestSchema.js';
import { toGeminiTools } from './toGeminiTools.js';

const custom = (
  name: string,
  input_schema: Record<string, unknown>,
  extra: Partial<AnthropicTool> = {},
): AnthropicTool => ({
  name,
  description: `${name} does things`,
  input_schema,
  ...extra,
});

describe('toGeminiTools', () => {
  it.each<[string, AnthropicTool[], unknown[]]>([
    [
      'a tool of the client’s own: its schema as parametersJsonSchema, without $schema',
      [
        custom('Read', {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
          properties: { p: { type: 'string' } },
          additionalProperties: false,
        }),
      ],
      [
        {
          functionDeclarations: [
            {
              name: 'Read',
              description: 'Read does things',
              parametersJsonSchema: {
                type: 'object',
                properties: { p: { type: 'string' } },
                additionalProperties: false,
              },
            },
          ],
        },
      ],
    ],
    [
      'a tool without properties: no schema, as Gemini documents',
      [custom('EnterPlanMode', { type: 'object', properties: {} }, { type: 'custom' })],
      [{ functionDeclarations: [{ name: 'EnterPlanMode', description: 'EnterPlanMode does things' }] }],
    ],
    [
      'a deferred tool nobody loaded: not yet declared',
      [custom('Later', { type: 'object', properties: { a: {} } }, { defer_loading: true })],
      [],
    ],
    [
      'web search: Gemini’s googleSearch',
      [{ type: 'web_search_20250305', name: 'web_search' }],
      [{ googleSearch: {} }],
    ],
  ])('%s', (_name, tools, expected) => {
    expect(toGeminiTools({ tools }, 'gemini-2.5-flash').tools ?? []).toEqual(expected);
  });

  it('a deferred tool a tool search loaded is declared', () => {
    const tools = [
      custom('Later', { type: 'object', properties: { a: { type: 'string' } } }, { defer_loading: true }),
    ];
    expect(
      toGeminiTools({ tools }, 'gemini-2.5-flash', new Set(['Later'])).tools![0]!.functionDeclarations,
    ).toHaveLength(1);
  });

  it("Claude Code's tools: every 2020-12 keyword but $schema kept, long names shortened, the placeholder deferred", () => {
    const [tool] = toGeminiTools({ tools: CLAUDE_CODE_TOOLS as AnthropicTool[] }, 'gemini-2.5-pro').tools!;
    const declarations = tool!.functionDeclarations!;
    expect(declarations).toHaveLength(24);
    const text = JSON.stringify(declarations);
    expect(text).not.toContain('$schema');
    for (const keyword of [
      'additionalProperties',
      'propertyNames',
      'exclusiveMinimum',
      'const',
      'anyOf',
      'format',
      'pattern',
    ])
      expect(text).toContain(`"${keyword}"`);
    for (const declaration of declarations)
      expect(declaration.name).toMatch(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/);
    expect(declarations.map((d) => d.name)).toContain(
      geminiFunctionName('mcp__playwright__browser_navigate_to_the_page_and_wait_until_the_network_is_idle'),
    );
  });

  it.each([
    [
      'a built-in tool Gemini does not know',
      [{ type: 'bash_20250124', name: 'bash' }],
      'gemini-2.5-flash',
      "tools.0.type: gemgate cannot serve Anthropic's built-in tool 'bash_20250124': Gemini does not know it. Declare it as a tool of your own, with an input_schema.",
    ],
    [
      'web search on a model without googleSearch',
      [{ type: 'web_search_20250305', name: 'web_search' }],
      'gemini-2.5-flash-preview-tts',
      "tools.0: gemini-2.5-flash-preview-tts cannot search the web (Gemini's googleSearch tool, which web search becomes, is not available on it).",
    ],
  ] as Array<[string, AnthropicTool[], string, string]>)('%s is a 400', (_name, tools, model, message) => {
    expect(() => toGeminiTools({ tools }, model)).toThrow(message);
  });

  describe("web search beside the client's own tools (Cherry Studio's web search with its MCP tools)", () => {
    const webSearch: AnthropicTool = { type: 'web_search_20250305', name: 'web_search' };
    const fetchTool = custom('mcp__fetch__fetch', {
      type: 'object',
      properties: { url: { type: 'string' } },
    });
    const declaration = {
      name: 'mcp__fetch__fetch',
      description: 'mcp__fetch__fetch does things',
      parametersJsonSchema: { type: 'object', properties: { url: { type: 'string' } } },
    };

    it.each<[string, AnthropicTool[], AnthropicToolChoice | undefined, string, GeminiTools]>([
      [
        'Gemini 2.5 refuses the pair: the functions stay, the search is dropped and said to be',
        [webSearch, fetchTool],
        undefined,
        'gemini-2.5-flash',
        { tools: [{ functionDeclarations: [declaration] }], dropped: ['web_search'] },
      ],
      [
        'Gemini 2.5 with a tool choice: the choice kept, the search dropped',
        [webSearch, fetchTool],
        { type: 'auto' },
        'gemini-2.5-pro',
        {
          tools: [{ functionDeclarations: [declaration] }],
          toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
          dropped: ['web_search'],
        },
      ],
      [
        "Gemini 3 Pro: both, flagged as Google's tool combination wants",
        [webSearch, fetchTool],
        undefined,
        'gemini-3-pro-preview',
        {
          tools: [{ functionDeclarations: [declaration] }, { googleSearch: {} }],
          toolConfig: { includeServerSideToolInvocations: true },
        },
      ],
      [
        'Gemini 3 Flash with a tool choice: both, the choice and the flag',
        [fetchTool, webSearch],
        { type: 'any' },
        'gemini-3-flash-preview',
        {
          tools: [{ functionDeclarations: [declaration] }, { googleSearch: {} }],
          toolConfig: { functionCallingConfig: { mode: 'ANY' }, includeServerSideToolInvocations: true },
        },
      ],
      [
        'search alone on Gemini 2.5: sent, no flag',
        [webSearch],
        undefined,
        'gemini-2.5-flash',
        { tools: [{ googleSearch: {} }] },
      ],
      [
        'search alone on Gemini 3: sent, no flag',
        [webSearch],
        { type: 'auto' },
        'gemini-3-pro-preview',
        { tools: [{ googleSearch: {} }] },
      ],
      [
        'tool_choice none: no search either (Gemini grounds whenever the tool is there), nothing said dropped',
        [webSearch, fetchTool],
        { type: 'none' },
        'gemini-3-flash-preview',
        {
          tools: [{ functionDeclarations: [declaration] }],
          toolConfig: { functionCallingConfig: { mode: 'NONE' } },
        },
      ],
      ['tool_choice none with search alone: no tools', [webSearch], { type: 'none' }, 'gemini-2.5-flash', {}],
    ])('%s', (_name, tools, tool_choice, model, expected) => {
      expect(toGeminiTools({ tools, tool_choice }, model)).toStrictEqual(expected);
    });
  });
});
