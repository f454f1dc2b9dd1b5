import { describe, expect, it } from 'vitest';
import { parseChatRequest } from './parseChatRequest.js';
import { toFunctionDeclarations } from './toFunctionDeclarations.js';

const base = { model: 'gemini-3-pro-preview', messages: [{ role: 'user', content: 'hi' }] };
const declarationsFor = (extra: Record<string, unknown>) =>
  toFunctionDeclarations(parseChatRequest({ ...base, ...extra }));

describe('toFunctionDeclarations', () => {
  it("keeps a strict Roo Code tool's JSON Schema intact in parametersJsonSchema and drops strict", () => {
    // Shape: RooCodeInc/Roo-Code src/core/prompts/tools/native-tools/execute_command.ts
    const parameters = {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'Shell command to execute' },
        cwd: { type: ['string', 'null'], description: 'Optional working directory' },
      },
      required: ['command', 'cwd'],
      additionalProperties: false,
    };
    expect(
      declarationsFor({
        tools: [
          {
            type: 'function',
            function: { name: 'execute_command', description: 'Run', strict: true, parameters },
          },
        ],
      }),
    ).toEqual([{ name: 'execute_command', description: 'Run', parametersJsonSchema: parameters }]);
  });

  it('strips $schema from MCP tool schemas', () => {
    const [declaration] = declarationsFor({
      tools: [
        {
          type: 'function',
          function: {
            name: 'mcp_search',
            parameters: {
              $schema: 'http://json-schema.org/draft-07/schema#',
              type: 'object',
              properties: { q: {} },
            },
          },
        },
      ],
    });
    expect(declaration?.parametersJsonSchema).toEqual({ type: 'object', properties: { q: {} } });
  });

  it('declares parameterless functions without a schema', () => {
    expect(
      declarationsFor({
        tools: [
          {
            type: 'function',
            function: { name: 'a', parameters: { type: 'object', properties: {}, required: [] } },
          },
          { type: 'function', function: { name: 'b' } },
        ],
      }),
    ).toEqual([{ name: 'a' }, { name: 'b' }]);
  });

  it('includes legacy functions', () => {
    expect(
      declarationsFor({
        functions: [{ name: 'weather', parameters: { type: 'object', properties: { city: {} } } }],
      }),
    ).toEqual([{ name: 'weather', parametersJsonSchema: { type: 'object', properties: { city: {} } } }]);
  });

  it('narrows declarations for allowed_tools in auto mode', () => {
    const tool = (name: string) => ({ type: 'function', function: { name } });
    expect(
      declarationsFor({
        tools: [tool('a'), tool('b'), tool('c')],
        tool_choice: {
          type: 'allowed_tools',
          allowed_tools: { mode: 'auto', tools: [tool('a'), tool('c')] },
        },
      }).map((d) => d.name),
    ).toEqual(['a', 'c']);
  });
});
