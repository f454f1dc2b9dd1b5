/**
 * Roo Code, "OpenAI Compatible" provider pointed at gemgate, native tool calling, mid-task: the model
 * ran a command, Roo answered with the result and the usual environment details.
 *
 * - RooCodeInc/Roo-Code src/api/providers/openai.ts (createMessage, streaming path: system message
 *   first, temperature 0, stream_options.include_usage, tools, parallel_tool_calls defaulting to false)
 * - RooCodeInc/Roo-Code src/api/providers/base-provider.ts (convertToolsForOpenAI: `strict: true`,
 *   every property required, `additionalProperties: false` on every object, ["string","null"] -> "string")
 * - RooCodeInc/Roo-Code src/core/prompts/tools/native-tools/execute_command.ts and
 *   .../ask_followup_question.ts (the tool schemas before that conversion)
 * - RooCodeInc/Roo-Code src/api/transform/openai-format.ts (convertToOpenAiMessages: assistant
 *   `content: ""` with tool_calls and no extra_content; tool results as strings, "(empty)" when empty;
 *   text after tool results as a separate user message)
 */
import type { GenerateContentRequest } from '../../../../gemini/types.js';

const executeCommand = {
  type: 'function',
  function: {
    name: 'execute_command',
    description: 'Request to execute a CLI command on the system.',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        command: { type: 'string', description: 'Shell command to execute' },
        cwd: { type: 'string', description: 'Optional working directory for the command, relative or absolute' },
      },
      required: ['command', 'cwd'],
      additionalProperties: false,
    },
  },
};

const askFollowupQuestion = {
  type: 'function',
  function: {
    name: 'ask_followup_question',
    description: 'Ask the user a question to gather additional information needed to complete the task.',
    strict: true,
    parameters: {
      type: 'object',
      properties: {
        questions: {
          type: 'array',
          items: {
            anyOf: [
              { type: 'string' },
              {
                type: 'object',
                properties: { text: { type: 'string' }, options: { type: 'array', items: { type: 'string' } } },
                required: ['text', 'options'],
                additionalProperties: false,
              },
            ],
          },
          description: 'List of questions to ask.',
          minItems: 1,
        },
        follow_up: {
          type: 'array',
          description: 'Required list of 2-4 suggested responses',
          items: {
            type: 'object',
            properties: {
              text: { type: 'string', description: 'Suggested answer the user can pick' },
              mode: { type: 'string', description: 'Optional mode slug to switch to' },
            },
            required: ['text', 'mode'],
            additionalProperties: false,
          },
          minItems: 1,
          maxItems: 4,
        },
      },
      required: ['questions', 'follow_up'],
      additionalProperties: false,
    },
  },
};

export const ROO_TOOL_CALL_ID = 'call_0d8a1f2e3b4c5d6e7f8a9b0c';

export const rooCodeToolResult = {
  body: {
    model: 'gemini-3-pro-preview',
    temperature: 0,
    messages: [
      { role: 'system', content: "You are Roo, a highly skilled software engineer.\n\n====\n\nTOOL USE\n..." },
      {
        role: 'user',
        content: [
          { type: 'text', text: '<task>\nrun the tests\n</task>' },
          { type: 'text', text: '<environment_details>\n# Current Workspace Directory (/home/u/app)\n</environment_details>' },
        ],
      },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: ROO_TOOL_CALL_ID,
            type: 'function',
            function: { name: 'execute_command', arguments: '{"command":"npm test","cwd":null}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: ROO_TOOL_CALL_ID, content: 'Command executed.\nOutput:\n3 passed' },
      {
        role: 'user',
        content: [{ type: 'text', text: '<environment_details>\n# Current Time\n2026-01-05T10:00:00Z\n</environment_details>' }],
      },
    ],
    stream: true,
    stream_options: { include_usage: true },
    tools: [executeCommand, askFollowupQuestion],
    parallel_tool_calls: false,
  },
  /** What gemgate sends when it handed out this call itself and still remembers its signature. */
  rememberedSignature: 'EqQBCqEBAXLI2nyq3yF9Tl5sZm9v',
  expected: {
    model: 'gemini-3-pro-preview',
    stream: true,
    includeUsage: true,
    parallelToolCalls: false,
    body: {
      contents: [
        {
          role: 'user',
          parts: [
            { text: '<task>\nrun the tests\n</task>' },
            { text: '<environment_details>\n# Current Workspace Directory (/home/u/app)\n</environment_details>' },
          ],
        },
        {
          role: 'model',
          parts: [
            {
              functionCall: { name: 'execute_command', args: { command: 'npm test', cwd: null } },
              thoughtSignature: 'EqQBCqEBAXLI2nyq3yF9Tl5sZm9v',
            },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'execute_command', response: { output: 'Command executed.\nOutput:\n3 passed' } } },
            { text: '<environment_details>\n# Current Time\n2026-01-05T10:00:00Z\n</environment_details>' },
          ],
        },
      ],
      systemInstruction: { parts: [{ text: "You are Roo, a highly skilled software engineer.\n\n====\n\nTOOL USE\n..." }] },
      tools: [
        {
          functionDeclarations: [
            {
              name: 'execute_command',
              description: 'Request to execute a CLI command on the system.',
              parametersJsonSchema: executeCommand.function.parameters,
            },
            {
              name: 'ask_followup_question',
              description: 'Ask the user a question to gather additional information needed to complete the task.',
              parametersJsonSchema: askFollowupQuestion.function.parameters,
            },
          ],
        },
      ],
      generationConfig: { temperature: 0 },
    } satisfies GenerateContentRequest,
  },
};
