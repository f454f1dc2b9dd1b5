import { z } from 'zod';
import { declaredFunctionName } from '../openai/chatRequestSchema.js';
import { arrayUntilFirstError } from '../arrayUntilFirstError.js';

/**
 * What clients send to POST /v1/responses, as far as gemgate reads it.
 *
 * Shapes from the `openai` SDK's request types (node_modules/openai/resources/responses/responses.d.ts:
 * ResponseCreateParamsBase, ResponseInputItem, EasyInputMessage, ResponseInputText/Image/File,
 * ResponseFunctionToolCall, ResponseInputItem.FunctionCallOutput, ResponseReasoningItem, FunctionTool,
 * WebSearchTool, ToolChoiceFunction, ToolChoiceAllowed, ResponseTextConfig,
 * ResponseFormatTextJSONSchemaConfig; shared.d.ts: Reasoning, ReasoningEffort) and
 * https://platform.openai.com/docs/api-reference/responses/create .
 *
 * Unlike chat completions, where clients send many vendor extensions and OpenAI ignores unknown
 * fields, OpenAI's Responses endpoint refuses an unknown top-level parameter, and so does gemgate
 * (parseResponsesRequest.ts names it). The settings objects (`text`, `reasoning`, `stream_options`)
 * are strict too. Input items are not: clients send back output items as they got them, with ids,
 * statuses and fields SDK helpers add (`parsed`, `parsed_arguments`), which carry no meaning here.
 */

const positiveInt = z.number().int().min(1);
const jsonSchemaObject = z.record(z.string(), z.unknown());

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
/** Earlier answers come back as output items, whose text parts are `output_text`. */
const outputText = z.object({ type: z.literal('output_text'), text: z.string() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });
const inputImage = z.object({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
  detail: z.string().nullish(),
});
const inputFile = z.object({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
});

const contentShapeError = { error: 'expected a string or an array of content parts' };
const messageContent = z.union(
  [
    z.string(),
    arrayUntilFirstError(
      z.discriminatedUnion('type', [inputText, outputText, refusal, inputImage, inputFile]),
    ),
  ],
  contentShapeError,
);

const message = z.object({
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: messageContent,
});

const functionCall = z.object({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  /** The namespace tool the function belongs to (ResponseFunctionToolCall.namespace). */
  namespace: z.string().min(1).nullish(),
  /** A JSON string per the spec; the object itself costs nothing to accept. */
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected a JSON string' }),
});

const functionCallOutput = z.object({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: z.union(
    [z.string(), arrayUntilFirstError(z.discriminatedUnion('type', [inputText, inputImage, inputFile]))],
    contentShapeError,
  ),
});

const reasoning = z.object({
  type: z.literal('reasoning'),
  summary: arrayUntilFirstError(z.object({ type: z.literal('summary_text'), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
});

/** A search Gemini already ran; its findings are in the answer that follows, so it is read and dropped. */
const webSearchCall = z.object({ type: z.literal('web_search_call') });

/**
 * An item of a response gemgate stored, by id (what the AI SDK sends for its own earlier output when
 * `store` is on): resolveItemReferences.ts puts the stored item in its place before translation.
 */
const itemReference = z.object({ type: z.literal('item_reference'), id: z.string().min(1) });

/** Items that only OpenAI's servers can resolve or run; refused by name (supportedParameters.ts). */
export const UNSUPPORTED_INPUT_ITEM_TYPES = [
  'file_search_call',
  'computer_call',
  'computer_call_output',
  'image_generation_call',
  'code_interpreter_call',
  'local_shell_call',
  'local_shell_call_output',
  'shell_call',
  'shell_call_output',
  'apply_patch_call',
  'apply_patch_call_output',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
  'custom_tool_call',
  'custom_tool_call_output',
  'tool_search_call',
  'tool_search_output',
  'compaction',
  'compaction_trigger',
] as const;
const unsupportedItem = z.object({ type: z.enum(UNSUPPORTED_INPUT_ITEM_TYPES) });

/** One input item; also validates items read back from the store as they would be inside `input`. */
export const responsesInputItemSchema = z.preprocess(
  // EasyInputMessage may leave out `type`: a role says it is a message.
  (item) =>
    item !== null && typeof item === 'object' && !('type' in item) && 'role' in item
      ? { ...item, type: 'message' }
      : item,
  z.discriminatedUnion('type', [
    message,
    functionCall,
    functionCallOutput,
    reasoning,
    webSearchCall,
    itemReference,
    unsupportedItem,
  ]),
);

const functionTool = z.object({
  type: z.literal('function'),
  name: declaredFunctionName,
  description: z.string().nullish(),
  parameters: jsonSchemaObject.nullish(),
  strict: z.boolean().nullish(),
});

/**
 * A group of client-run functions under one name (NamespaceTool in the openai SDK), as Codex CLI
 * sends its sub-agent tools. Custom (free-form grammar) tools inside are refused as they are outside.
 */
const namespaceTool = z.object({
  type: z.literal('namespace'),
  name: declaredFunctionName,
  description: z.string().nullish(),
  tools: arrayUntilFirstError(
    z.discriminatedUnion('type', [functionTool, z.object({ type: z.literal('custom') })]),
  ),
});

export const WEB_SEARCH_TOOL_TYPES = [
  'web_search',
  'web_search_2025_08_26',
  'web_search_preview',
  'web_search_preview_2025_03_11',
] as const;
const webSearchTool = z.object({
  type: z.enum(WEB_SEARCH_TOOL_TYPES),
  search_context_size: z.enum(['low', 'medium', 'high']).nullish(),
  user_location: z.record(z.string(), z.unknown()).nullish(),
  filters: z.object({ allowed_domains: arrayUntilFirstError(z.string()).nullish() }).nullish(),
});

/** OpenAI's hosted tools: they run on OpenAI's servers, and Gemini has nothing to run them with. */
export const HOSTED_TOOL_TYPES = [
  'file_search',
  'computer',
  'computer_use',
  'computer_use_preview',
  'mcp',
  'code_interpreter',
  'image_generation',
  'local_shell',
  'shell',
  'custom',
  'apply_patch',
  'tool_search',
  'programmatic_tool_calling',
] as const;
const hostedTool = z.object({ type: z.enum(HOSTED_TOOL_TYPES) });

const tool = z.discriminatedUnion('type', [functionTool, namespaceTool, webSearchTool, hostedTool]);

const namedFunction = z.object({ type: z.literal('function'), name: z.string().min(1) });
const allowedTools = z.object({
  type: z.literal('allowed_tools'),
  mode: z.enum(['auto', 'required']),
  tools: arrayUntilFirstError(z.object({ type: z.string(), name: z.string().nullish() })),
});
/** ToolChoiceTypes and friends: "use this hosted tool". */
const hostedToolChoice = z.object({
  type: z.enum([...HOSTED_TOOL_TYPES, ...WEB_SEARCH_TOOL_TYPES]),
});
const toolChoice = z.union(
  [z.enum(['none', 'auto', 'required']), namedFunction, allowedTools, hostedToolChoice],
  { error: "expected 'none', 'auto', 'required' or {type:'function', name}" },
);

const textFormat = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, {
      error: 'must be a-z, A-Z, 0-9, underscores and dashes, at most 64 characters',
    }),
    schema: jsonSchemaObject,
    description: z.string().nullish(),
    strict: z.boolean().nullish(),
  }),
]);

/** OpenAI's efforts (shared.d.ts ReasoningEffort); `max` is its newest, above `xhigh`. */
const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']);
/** `none` is not in OpenAI's list, but Codex sends it when summaries are off (codex-rs ReasoningSummary). */
const summary = z.enum(['auto', 'concise', 'detailed', 'none']);

export const INCLUDABLES = [
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'code_interpreter_call.outputs',
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
] as const;

const metadata = z
  .record(
    z.string().max(64, { error: 'keys may be at most 64 characters' }),
    z.string().max(512, { error: 'values may be at most 512 characters' }),
  )
  .refine((value) => Object.keys(value).length <= 16, { error: 'at most 16 keys' });

export const responsesRequestSchema = z.object({
  model: z.string().min(1),
  input: z
    .union([z.string(), arrayUntilFirstError(responsesInputItemSchema)], {
      error: 'expected a string or an array of input items',
    })
    .optional(),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  max_output_tokens: positiveInt.nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  metadata: metadata.nullish(),
  tools: arrayUntilFirstError(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z
    .strictObject({ format: textFormat.nullish(), verbosity: z.enum(['low', 'medium', 'high']).nullish() })
    .nullish(),
  reasoning: z
    .strictObject({
      effort: effort.nullish(),
      summary: summary.nullish(),
      generate_summary: summary.nullish(),
      context: z.enum(['auto', 'current_turn', 'all_turns']).nullish(),
      mode: z.string().nullish(),
    })
    .nullish(),
  include: arrayUntilFirstError(z.enum(INCLUDABLES)).nullish(),
  stream_options: z.strictObject({ include_obfuscation: z.boolean().nullish() }).nullish(),
  // Known to OpenAI; accepted or refused by value in supportedParameters.ts.
  background: z.boolean().nullish(),
  background_options: z.unknown().optional(),
  conversation: z.unknown().optional(),
  prompt: z.unknown().optional(),
  moderation: z.unknown().optional(),
  context_management: z.array(z.unknown()).nullish(),
  top_logprobs: z.number().int().min(0).max(20).nullish(),
  truncation: z.enum(['auto', 'disabled']).nullish(),
  max_tool_calls: positiveInt.nullish(),
  service_tier: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  prompt_cache_retention: z.string().nullish(),
  prompt_cache_options: z.unknown().optional(),
  safety_identifier: z.string().nullish(),
  user: z.string().nullish(),
  access_programs: z.unknown().optional(),
  /** Not in the SDK's types: Codex sends it (codex-rs codex-api common.rs ResponsesApiRequest). */
  client_metadata: z.record(z.string(), z.string()).nullish(),
  image: z.unknown().optional(),
});

/** Every top-level parameter OpenAI documents; anything else is refused by name. */
export const KNOWN_PARAMETERS: ReadonlySet<string> = new Set(Object.keys(responsesRequestSchema.shape));

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>;
export type InputItem = z.infer<typeof responsesInputItemSchema>;
export type MessageItem = z.infer<typeof message>;
export type MessageContentPart = Exclude<MessageItem['content'], string>[number];
export type FunctionCallOutputItem = z.infer<typeof functionCallOutput>;
export type ResponsesTool = z.infer<typeof tool>;
export type FunctionTool = z.infer<typeof functionTool>;
export type ResponsesToolChoice = z.infer<typeof toolChoice>;
export type ResponsesTextFormat = z.infer<typeof textFormat>;
export type ResponsesReasoningEffort = z.infer<typeof effort>;
