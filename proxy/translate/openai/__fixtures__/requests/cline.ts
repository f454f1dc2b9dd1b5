/**
 * Cline, "OpenAI Compatible" provider pointed at gemgate, native tools, after one read_file call.
 *
 * - cline/cline src/core/api/providers/openai.ts (createMessage: `{role:'system'}` first, temperature
 *   from the model info (0 by default), max_tokens and reasoning_effort left undefined unless
 *   configured, stream, stream_options.include_usage, tools)
 * - cline/cline src/core/api/transform/openai-format.ts (convertToOpenAiMessages: user text blocks as
 *   an array of text parts; assistant text as `content` beside `tool_calls`; tool results as strings)
 * - cline/cline src/core/prompts/system-prompt/__tests__/__snapshots__/openai_gpt_5_native.tools.snap
 *   (the native tool definitions: `strict: false`, `additionalProperties: false`)
 */
import type { GenerateContentRequest } from '../../../../gemini/types.js';

const readFile = {
  type: 'function',
  function: {
    name: 'read_file',
    description: 'Request to read the contents of a file at the specified path.',
    strict: false,
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'The path of the file to read' },
        start_line: { type: 'integer', description: 'The 1-based line number to start reading from.' },
        task_progress: { type: 'string', description: 'A checklist showing task progress.' },
      },
      required: ['path'],
      additionalProperties: false,
    },
  },
};

const attemptCompletion = {
  type: 'function',
  function: {
    name: 'attempt_completion',
    description: 'Present the result of your work to the user.',
    strict: false,
    parameters: {
      type: 'object',
      properties: { result: { type: 'string', description: 'The result of the task.' } },
      required: ['result'],
      additionalProperties: false,
    },
  },
};

export const clineReadFile = {
  body: {
    model: 'gemini-2.5-pro',
    messages: [
      { role: 'system', content: 'You are Cline, a highly skilled software engineer...' },
      {
        role: 'user',
        content: [
          { type: 'text', text: '<task>\nWhat does src/index.ts export?\n</task>' },
          { type: 'text', text: '<environment_details>\n# Current Mode\nACT MODE\n</environment_details>' },
        ],
      },
      {
        role: 'assistant',
        content: 'I will read the file.',
        tool_calls: [
          {
            id: 'toolu_01A09q90qw90lq917835lq9',
            type: 'function',
            function: { name: 'read_file', arguments: '{"path":"src/index.ts"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01A09q90qw90lq917835lq9', content: 'L1: export const version = 1;' },
    ],
    temperature: 0,
    stream: true,
    stream_options: { include_usage: true },
    tools: [readFile, attemptCompletion],
  },
  expected: {
    model: 'gemini-2.5-pro',
    stream: true,
    includeUsage: true,
    parallelToolCalls: true,
    body: {
      contents: [
        {
          role: 'user',
          parts: [
            { text: '<task>\nWhat does src/index.ts export?\n</task>' },
            { text: '<environment_details>\n# Current Mode\nACT MODE\n</environment_details>' },
          ],
        },
        {
          role: 'model',
          parts: [{ text: 'I will read the file.' }, { functionCall: { name: 'read_file', args: { path: 'src/index.ts' } } }],
        },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'read_file', response: { output: 'L1: export const version = 1;' } } }],
        },
      ],
      systemInstruction: { parts: [{ text: 'You are Cline, a highly skilled software engineer...' }] },
      tools: [
        {
          functionDeclarations: [
            {
              name: 'read_file',
              description: 'Request to read the contents of a file at the specified path.',
              parametersJsonSchema: readFile.function.parameters,
            },
            {
              name: 'attempt_completion',
              description: 'Present the result of your work to the user.',
              parametersJsonSchema: attemptCompletion.function.parameters,
            },
          ],
        },
      ],
      generationConfig: { temperature: 0 },
    } satisfies GenerateContentRequest,
  },
};
