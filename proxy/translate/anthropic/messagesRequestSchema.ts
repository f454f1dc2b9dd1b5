import { z } from 'zod';
import { arrayUntilFirstError } from '../arrayUntilFirstError.js';

/**
 * What Anthropic-dialect clients send to POST /v1/messages (and /v1/messages/count_tokens), as far as
 * gemgate reads it. Unknown fields are dropped, not rejected (z.object strips them): Claude Code sends
 * `cache_control` on blocks and tools, `context_management`, `metadata`, `output_config`, betas that
 * come and go; Anthropic's own servers accept them, and none changes what Gemini is asked.
 *
 * Shapes from the `@anthropic-ai/sdk` types (node_modules/@anthropic-ai/sdk/src/resources/messages/messages.ts:
 * MessageCreateParamsBase, ContentBlockParam, ToolUnion, ToolChoice, ThinkingConfigParam,
 * OutputConfig) and from a request Claude Code 2.1 sends (__fixtures__/claudeCode.ts).
 */

const text = z.object({ type: z.literal('text'), text: z.string() });

const base64Source = z.object({ type: z.literal('base64'), media_type: z.string().min(1), data: z.string() });
const urlSource = z.object({ type: z.literal('url'), url: z.string().min(1) });
/** Anthropic's Files API; gemgate reads only Gemini's files, named `files/ID` (see toUserParts). */
const fileSource = z.object({ type: z.literal('file'), file_id: z.string().min(1) });

const image = z.object({
  type: z.literal('image'),
  source: z.discriminatedUnion('type', [base64Source, urlSource, fileSource]),
});

const plainTextSource = z.object({
  type: z.literal('text'),
  media_type: z.string().nullish(),
  data: z.string(),
});
const contentSource = z.object({
  type: z.literal('content'),
  content: z.union([z.string(), arrayUntilFirstError(z.discriminatedUnion('type', [text, image]))]),
});
const document = z.object({
  type: z.literal('document'),
  source: z.discriminatedUnion('type', [base64Source, plainTextSource, contentSource, urlSource, fileSource]),
  title: z.string().nullish(),
  context: z.string().nullish(),
});

const searchResult = z.object({
  type: z.literal('search_result'),
  source: z.string(),
  title: z.string(),
  content: arrayUntilFirstError(text),
});

/** A deferred tool that a tool search found (Anthropic's tool search): it is declared from then on. */
const toolReference = z.object({ type: z.literal('tool_reference'), tool_name: z.string().min(1) });

const toolResult = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: z
    .union([
      z.string(),
      arrayUntilFirstError(
        z.discriminatedUnion('type', [text, image, document, searchResult, toolReference]),
      ),
    ])
    .nullish(),
  is_error: z.boolean().nullish(),
});

const toolUse = z.object({
  type: z.literal('tool_use'),
  id: z.string().min(1),
  name: z.string().min(1),
  input: z.record(z.string(), z.unknown()),
});

/** `signature` is required by Anthropic; a client that lost it still gets its turn answered. */
const thinking = z.object({
  type: z.literal('thinking'),
  thinking: z.string(),
  signature: z.string().nullish(),
});
const redactedThinking = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

/**
 * Blocks of Anthropic's server tools (web search and fetch, code execution, MCP connector, …),
 * found in a conversation that began on Anthropic's API. They were produced and consumed on
 * Anthropic's side, so they are accepted and left out of what Gemini reads.
 */
const SERVER_BLOCK_TYPES = [
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'tool_search_tool_result',
  'container_upload',
  'mcp_tool_use',
  'mcp_tool_result',
] as const;
const serverBlock = z.object({ type: z.enum(SERVER_BLOCK_TYPES) });

const contentBlockSchema = z.discriminatedUnion('type', [
  text,
  image,
  document,
  searchResult,
  toolResult,
  toolUse,
  thinking,
  redactedThinking,
  serverBlock,
]);

const messageContent = z.union([z.string(), arrayUntilFirstError(contentBlockSchema)], {
  error: 'Input should be a valid string or a list of content blocks',
});

/**
 * `system` is Anthropic's one documented place for instructions; Claude Code also sends a message
 * with `role: "system"` inside `messages` (its mid-conversation-system beta).
 */
const message = z.object({
  role: z.enum(['user', 'assistant', 'system']),
  content: messageContent,
});

/**
 * A tool: the client's own (`type` absent or `custom`, with an `input_schema`), or one of Anthropic's
 * typed tools (`web_search_20250305`, `bash_20250124`, …), which name no schema of their own.
 */
const tool = z
  .object({
    type: z.string().nullish(),
    name: z.string().min(1),
    description: z.string().nullish(),
    input_schema: z.record(z.string(), z.unknown()).nullish(),
    /** Anthropic's tool search: declared only once a `tool_reference` names it. */
    defer_loading: z.boolean().nullish(),
  })
  .superRefine((value, context) => {
    const custom = value.type == null || value.type === 'custom';
    if (custom && !value.input_schema) {
      context.addIssue({ code: 'custom', path: ['input_schema'], message: 'Field required' });
    }
  });

const parallel = { disable_parallel_tool_use: z.boolean().nullish() };
const toolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), ...parallel }),
  z.object({ type: z.literal('any'), ...parallel }),
  z.object({ type: z.literal('tool'), name: z.string().min(1), ...parallel }),
  z.object({ type: z.literal('none') }),
]);

const display = z.enum(['summarized', 'omitted']).nullish();
const thinkingConfig = z.discriminatedUnion('type', [
  z.object({ type: z.literal('enabled'), budget_tokens: z.number().int().min(0), display }),
  z.object({ type: z.literal('adaptive'), display }),
  z.object({ type: z.literal('between_tools') }),
  z.object({ type: z.literal('disabled') }),
]);

const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'] as const;

const jsonOutputFormat = z.object({
  type: z.literal('json_schema'),
  schema: z.record(z.string(), z.unknown()),
});

/** Fields count_tokens reads: everything that makes up the prompt. */
export const countTokensRequestSchema = z.object({
  model: z.string().min(1),
  messages: arrayUntilFirstError(message, { min: 1, minError: 'at least one message is required' }),
  system: z
    .union([z.string(), arrayUntilFirstError(text)], {
      error: 'Input should be a valid string or a list of text blocks',
    })
    .nullish(),
  tools: arrayUntilFirstError(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  thinking: thinkingConfig.nullish(),
});

export const messagesRequestSchema = countTokensRequestSchema.extend({
  max_tokens: z.number().int().min(1),
  stream: z.boolean().nullish(),
  stop_sequences: arrayUntilFirstError(z.string()).nullish(),
  // Anthropic takes 0–1; Gemini's wider range is let through, since Gemini is what answers.
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  output_config: z
    .object({ effort: z.enum(EFFORTS).nullish(), format: jsonOutputFormat.nullish() })
    .nullish(),
  /** The structured-outputs beta's earlier place for the format. */
  output_format: jsonOutputFormat.nullish(),
});

export type MessagesRequest = z.infer<typeof messagesRequestSchema>;
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>;
export type AnthropicMessage = z.infer<typeof message>;
export type ContentBlock = z.infer<typeof contentBlockSchema>;
export type AnthropicTool = z.infer<typeof tool>;
export type AnthropicToolChoice = z.infer<typeof toolChoice>;
export type Effort = (typeof EFFORTS)[number];
export type ImageBlock = z.infer<typeof image>;
export type DocumentBlock = z.infer<typeof document>;
export type ToolResultBlock = z.infer<typeof toolResult>;
export type TextBlock = z.infer<typeof text>;
