/**
 * ChatBox, "OpenAI API Compatible" provider pointed at gemgate, a vision model and its built-in web
 * search tool, as in its connection test (an image and a tool call).
 *
 * ChatBox builds requests with the AI SDK's openai-compatible provider:
 * - chatboxai/chatbox src/shared/models/openai-compatible.ts (createOpenAICompatible without
 *   includeUsage -> no stream_options; temperature / topP / maxOutputTokens from the settings;
 *   `GET {apiHost}/models` with a Bearer key)
 * - vercel/ai packages/openai-compatible/src/chat/convert-to-openai-compatible-chat-messages.ts
 *   (text + image parts as an array, assistant `content` string with tool_calls echoing
 *   `extra_content`, tool results as JSON strings)
 * - vercel/ai packages/openai-compatible/src/chat/openai-compatible-prepare-tools.ts (tools; a zod
 *   tool schema rendered by the AI SDK carries `$schema` draft-07)
 */
import type { GenerateContentRequest } from '../../../../gemini/types.js';
import { PNG_1X1_BASE64 } from '../media.js';

export const chatboxImageAndToolCall = {
  body: {
    model: 'models/gemini-2.5-flash',
    temperature: 0.7,
    top_p: 1,
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1_BASE64}` } },
          { type: 'text', text: 'Where can I buy this?' },
        ],
      },
      {
        role: 'assistant',
        content: '',
        tool_calls: [
          {
            id: 'call_2b8e4c1d9f0a3e5b7c6d8e9f',
            type: 'function',
            function: { name: 'web_search', arguments: '{"query":"buy white ceramic mug"}' },
            extra_content: { google: { thought_signature: 'CiwBjz1rX9MJ4l0WpKk7Q==' } },
          },
        ],
      },
      {
        role: 'tool',
        tool_call_id: 'call_2b8e4c1d9f0a3e5b7c6d8e9f',
        content: '{"results":[{"title":"Ceramic mugs","url":"https://shop.example/mugs"}]}',
      },
    ],
    tools: [
      {
        type: 'function',
        function: {
          name: 'web_search',
          description: 'Search the web for up-to-date information',
          parameters: {
            $schema: 'http://json-schema.org/draft-07/schema#',
            type: 'object',
            properties: { query: { type: 'string', description: 'The search query' } },
            required: ['query'],
            additionalProperties: false,
          },
        },
      },
    ],
    tool_choice: 'auto',
    stream: true,
  },
  expected: {
    model: 'gemini-2.5-flash',
    stream: true,
    includeUsage: false,
    parallelToolCalls: true,
    body: {
      contents: [
        {
          role: 'user',
          parts: [{ inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } }, { text: 'Where can I buy this?' }],
        },
        {
          role: 'model',
          parts: [
            {
              functionCall: { name: 'web_search', args: { query: 'buy white ceramic mug' } },
              thoughtSignature: 'CiwBjz1rX9MJ4l0WpKk7Q==',
            },
          ],
        },
        {
          role: 'user',
          parts: [
            {
              functionResponse: {
                name: 'web_search',
                response: { results: [{ title: 'Ceramic mugs', url: 'https://shop.example/mugs' }] },
              },
            },
          ],
        },
      ],
      systemInstruction: { parts: [{ text: 'You are a helpful assistant.' }] },
      tools: [
        {
          functionDeclarations: [
            {
              name: 'web_search',
              description: 'Search the web for up-to-date information',
              parametersJsonSchema: {
                type: 'object',
                properties: { query: { type: 'string', description: 'The search query' } },
                required: ['query'],
                additionalProperties: false,
              },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
      generationConfig: { temperature: 0.7, topP: 1 },
    } satisfies GenerateContentRequest,
  },
};
