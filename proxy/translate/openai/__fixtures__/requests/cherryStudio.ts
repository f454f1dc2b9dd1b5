/**
 * Cherry Studio, provider type "OpenAI" pointed at gemgate (Cherry appends /v1 to the host).
 *
 * Cherry builds requests with the AI SDK's openai-compatible provider, so the wire shape comes from:
 * - vercel/ai packages/openai-compatible/src/chat/openai-compatible-chat-language-model.ts
 *   (getArgs/doStream: max_tokens, temperature, provider options spread into the body, reasoning_effort,
 *   messages, tools, tool_choice, stream, stream_options.include_usage)
 * - vercel/ai packages/openai-compatible/src/chat/convert-to-openai-compatible-chat-messages.ts
 *   (single-text user content as a string, images as data URLs, assistant `content: text` plus
 *   `reasoning_content`, tool calls echoing `extra_content.google.thought_signature`,
 *   tool results as `JSON.stringify(output)`)
 * - vercel/ai packages/openai-compatible/src/chat/openai-compatible-prepare-tools.ts (tools, tool_choice 'auto')
 * Cherry-specific parts:
 * - CherryHQ/cherry-studio src/renderer/src/aiCore/utils/reasoning.ts (getReasoningEffort: Gemini 3 ->
 *   `reasoningEffort`, Gemini 2.5 -> `extra_body: {google: {thinking_config: {thinking_budget, include_thoughts: true}}}`,
 *   which the AI SDK leaves as a literal top-level `extra_body` key)
 * - CherryHQ/cherry-studio src/renderer/src/aiCore/utils/mcp.ts (MCP tools: inputSchema forwarded as
 *   JSON Schema; the MCP CallToolResult object becomes the tool result)
 */
import type { GenerateContentRequest } from '../../../../gemini/types.js';
import { PNG_1X1_BASE64 } from '../media.js';

const mcpSearchSchema = {
  type: 'object',
  properties: {
    query: { type: 'string', description: 'Search query' },
    max_results: { type: 'number', default: 5 },
  },
  required: ['query'],
  additionalProperties: false,
  $schema: 'http://json-schema.org/draft-07/schema#',
};

/** Second turn of a Gemini 3 chat: image + MCP tool call already answered, thinking "high". */
export const cherryGemini3ToolRoundTrip = {
  body: {
    model: 'gemini-3-flash-preview',
    temperature: 1,
    reasoning_effort: 'high',
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What breed is this dog? Search if unsure.' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1X1_BASE64}` } },
        ],
      },
      {
        role: 'assistant',
        content: '',
        reasoning_content: 'The image is tiny; I should search.',
        tool_calls: [
          {
            id: 'call_7f3a9c2e1b4d5a6f8e9d0c1b',
            type: 'function',
            function: { name: 'brave_web_search', arguments: '{"query":"small white dog breeds"}' },
            extra_content: { google: { thought_signature: 'CsoBAXLI2nz7w1BB3x0Fe1Ty8w==' } },
          },
        ],
      },
      {
        role: 'tool',
        tool_call_id: 'call_7f3a9c2e1b4d5a6f8e9d0c1b',
        content: '{"content":[{"type":"text","text":"Maltese, Bichon Frise, West Highland Terrier"}],"isError":false}',
      },
    ],
    tools: [
      {
        type: 'function',
        function: { name: 'brave_web_search', description: 'Search the web with Brave', parameters: mcpSearchSchema },
      },
    ],
    tool_choice: 'auto',
    stream: true,
    stream_options: { include_usage: true },
  },
  expected: {
    model: 'gemini-3-flash-preview',
    stream: true,
    includeUsage: true,
    parallelToolCalls: true,
    body: {
      contents: [
        {
          role: 'user',
          parts: [
            { text: 'What breed is this dog? Search if unsure.' },
            { inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } },
          ],
        },
        {
          role: 'model',
          parts: [
            {
              functionCall: { name: 'brave_web_search', args: { query: 'small white dog breeds' } },
              thoughtSignature: 'CsoBAXLI2nz7w1BB3x0Fe1Ty8w==',
            },
          ],
        },
        {
          role: 'user',
          parts: [
            {
              functionResponse: {
                name: 'brave_web_search',
                response: {
                  content: [{ type: 'text', text: 'Maltese, Bichon Frise, West Highland Terrier' }],
                  isError: false,
                },
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
              name: 'brave_web_search',
              description: 'Search the web with Brave',
              parametersJsonSchema: {
                type: 'object',
                properties: {
                  query: { type: 'string', description: 'Search query' },
                  max_results: { type: 'number', default: 5 },
                },
                required: ['query'],
                additionalProperties: false,
              },
            },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
      generationConfig: { temperature: 1, thinkingConfig: { thinkingLevel: 'high', includeThoughts: true } },
    } satisfies GenerateContentRequest,
  },
};

/** Gemini 2.5 with Cherry's thinking slider: extra_body.google.thinking_config, literal top-level key. */
export const cherryGemini25ExtraBody = {
  body: {
    model: 'gemini-2.5-pro',
    max_tokens: 8192,
    temperature: 0.7,
    top_p: 1,
    extra_body: { google: { thinking_config: { thinking_budget: 16448, include_thoughts: true } } },
    messages: [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Explain TCP slow start in two sentences.' },
    ],
    stream: true,
    stream_options: { include_usage: true },
  },
  expected: {
    model: 'gemini-2.5-pro',
    stream: true,
    includeUsage: true,
    parallelToolCalls: true,
    body: {
      contents: [{ role: 'user', parts: [{ text: 'Explain TCP slow start in two sentences.' }] }],
      systemInstruction: { parts: [{ text: 'You are a helpful assistant.' }] },
      generationConfig: {
        maxOutputTokens: 8192,
        temperature: 0.7,
        topP: 1,
        thinkingConfig: { thinkingBudget: 16448, includeThoughts: true },
      },
    } satisfies GenerateContentRequest,
  },
};
