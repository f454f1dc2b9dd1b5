import { z } from 'zod';
import { arrayUntilFirstError } from '../arrayUntilFirstError.js';

/**
 * What OpenAI-dialect clients send to POST /v1/chat/completions, as far as gemgate reads it.
 * Unknown fields are dropped, not rejected (z.object strips them): clients send many vendor
 * extensions (`cache_control` on parts, `reasoning_details`, `user`, `store`, ...), and OpenAI's
 * own servers ignore what they do not know too.
 *
 * Shapes checked against: OpenAI's chat reference (https://platform.openai.com/docs/api-reference/chat/create),
 * the AI SDK openai-compatible converter used by Cherry Studio and ChatBox
 * (vercel/ai packages/openai-compatible/src/chat/convert-to-openai-compatible-chat-messages.ts),
 * Roo Code (RooCodeInc/Roo-Code src/api/transform/openai-format.ts) and Cline
 * (cline/cline src/core/api/transform/openai-format.ts).
 */

const nullishNumber = (min: number, max: number) => z.number().min(min).max(max).nullish();
const positiveInt = z.number().int().min(1);

const textPart = z.object({ type: z.literal('text'), text: z.string() });

// Some clients still send the 2023 shape `image_url: "https://..."`; normalise to the object form.
const imageUrl = z
  .union([z.object({ url: z.string(), detail: z.string().nullish() }), z.string()], {
    error: 'expected an object {url} or a URL string',
  })
  .transform((value) => (typeof value === 'string' ? { url: value } : value));

const imagePart = z.object({ type: z.literal('image_url'), image_url: imageUrl });
const audioPart = z.object({
  type: z.literal('input_audio'),
  input_audio: z.object({ data: z.string(), format: z.string() }),
});
const filePart = z.object({
  type: z.literal('file'),
  file: z.object({
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
    filename: z.string().nullish(),
  }),
});
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });

const contentShapeError = { error: 'expected a string or an array of content parts' };

const userContent = z.union(
  [
    z.string(),
    arrayUntilFirstError(z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart])),
  ],
  contentShapeError,
);
const textOnlyContent = z.union([z.string(), arrayUntilFirstError(textPart)], contentShapeError);
const assistantContent = z.union(
  [z.string(), arrayUntilFirstError(z.discriminatedUnion('type', [textPart, refusalPart]))],
  contentShapeError,
);

/** JSON-encoded per the spec; a few clients send the object itself, which costs nothing to accept. */
const functionArguments = z.union([z.string(), z.record(z.string(), z.unknown())], {
  error: 'expected a JSON string',
});

const toolCall = z.object({
  id: z.string().min(1),
  type: z.literal('function').optional(),
  function: z.object({ name: z.string().min(1), arguments: functionArguments }),
  extra_content: z
    .object({ google: z.object({ thought_signature: z.string().nullish() }).nullish() })
    .nullish(),
});

const systemMessage = z.object({
  role: z.literal('system'),
  content: textOnlyContent,
  name: z.string().nullish(),
});
const developerMessage = z.object({
  role: z.literal('developer'),
  content: textOnlyContent,
  name: z.string().nullish(),
});
const userMessage = z.object({ role: z.literal('user'), content: userContent, name: z.string().nullish() });
const assistantMessage = z.object({
  role: z.literal('assistant'),
  // null or absent when the turn is only tool calls (Cline omits it; the openai SDK sends null; Roo sends "").
  content: assistantContent.nullish(),
  name: z.string().nullish(),
  tool_calls: arrayUntilFirstError(toolCall).nullish(),
  function_call: z.object({ name: z.string().min(1), arguments: functionArguments }).nullish(),
  // Images an image model made, sent back as they came (message.images, OpenRouter's convention).
  images: arrayUntilFirstError(
    z.object({ type: z.literal('image_url').nullish(), image_url: imageUrl }),
  ).nullish(),
});
const toolMessage = z.object({
  role: z.literal('tool'),
  tool_call_id: z.string().min(1),
  content: textOnlyContent,
});
/** The pre-2023 function-calling dialect: a result carries the function's name instead of a call id. */
const functionMessage = z.object({
  role: z.literal('function'),
  name: z.string().min(1),
  content: z.string().nullable(),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessage,
  developerMessage,
  userMessage,
  assistantMessage,
  toolMessage,
  functionMessage,
]);

const jsonSchemaObject = z.record(z.string(), z.unknown());

/**
 * Gemini's rule for declared function names (https://ai.google.dev/api/caching#FunctionDeclaration):
 * a letter or underscore first, then letters, digits, `_`, `.`, `:` or `-`, 64 at most. Gemini
 * refuses the whole request otherwise, naming its own field; this names the client's.
 */
export const declaredFunctionName = z
  .string()
  .min(1)
  .regex(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/, {
    error:
      'Gemini needs function names to start with a letter or an underscore and to use only a-z, A-Z, 0-9, _, ., : and -, at most 64 characters',
  });

const functionDefinition = z.object({
  name: declaredFunctionName,
  description: z.string().nullish(),
  parameters: jsonSchemaObject.nullish(),
  strict: z.boolean().nullish(),
});

const tool = z.object({ type: z.literal('function'), function: functionDefinition });

const namedFunction = z.object({
  type: z.literal('function'),
  function: z.object({ name: z.string().min(1) }),
});
const allowedTools = z.object({
  type: z.literal('allowed_tools'),
  allowed_tools: z.object({ mode: z.enum(['auto', 'required']), tools: arrayUntilFirstError(namedFunction) }),
});
const toolChoice = z.union([z.enum(['none', 'auto', 'required']), namedFunction, allowedTools], {
  error: "expected 'none', 'auto', 'required' or {type:'function', function:{name}}",
});

const responseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string().nullish(),
      description: z.string().nullish(),
      schema: jsonSchemaObject.nullish(),
      strict: z.boolean().nullish(),
    }),
  }),
]);

/**
 * OpenAI's efforts plus the ones clients pass through for Gemini: `none` (Google's compat layer),
 * `xhigh` (OpenAI's newest), `auto` (Cherry Studio's "let the model decide").
 */
export const reasoningEffortSchema = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'auto']);

/**
 * Gemini extras in the shape Google's compat layer documents them
 * (https://ai.google.dev/gemini-api/docs/openai : `extra_body: {google: {...}}`). Both snake and camel
 * case are read, since clients copy either from Gemini docs.
 */
const thinkingConfig = z.object({
  thinking_budget: z.number().int().nullish(),
  thinkingBudget: z.number().int().nullish(),
  thinking_level: z.string().nullish(),
  thinkingLevel: z.string().nullish(),
  include_thoughts: z.boolean().nullish(),
  includeThoughts: z.boolean().nullish(),
});
const safetySetting = z.object({ category: z.string(), threshold: z.string() });
export const googleExtrasSchema = z.object({
  thinking_config: thinkingConfig.nullish(),
  thinkingConfig: thinkingConfig.nullish(),
  cached_content: z.string().nullish(),
  cachedContent: z.string().nullish(),
  safety_settings: arrayUntilFirstError(safetySetting).nullish(),
  safetySettings: arrayUntilFirstError(safetySetting).nullish(),
});

export const chatRequestSchema = z.object({
  model: z.string().min(1),
  messages: arrayUntilFirstError(chatMessageSchema, {
    min: 1,
    minError: 'messages must contain at least one message',
  }),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: positiveInt.nullish(),
  max_completion_tokens: positiveInt.nullish(),
  temperature: nullishNumber(0, 2),
  top_p: nullishNumber(0, 1),
  top_k: positiveInt.nullish(),
  n: positiveInt.max(8).nullish(),
  seed: z.number().int().nullish(),
  presence_penalty: nullishNumber(-2, 2),
  frequency_penalty: nullishNumber(-2, 2),
  stop: z
    .union([z.string(), arrayUntilFirstError(z.string(), { max: 5 })], {
      error: 'expected a string or an array of strings',
    })
    .nullish(),
  response_format: responseFormat.nullish(),
  tools: arrayUntilFirstError(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  functions: arrayUntilFirstError(functionDefinition).nullish(),
  function_call: z.union([z.enum(['none', 'auto']), z.object({ name: z.string().min(1) })]).nullish(),
  reasoning_effort: reasoningEffortSchema.nullish(),
  // Output modalities (OpenAI's, and OpenRouter's for image output): see toResponseModalities.ts.
  modalities: arrayUntilFirstError(z.enum(['text', 'image', 'audio'])).nullish(),
  // Cherry Studio (AI SDK openai-compatible) spreads its provider options into the body, so Google's
  // documented `extra_body` arrives as a literal top-level key; SDKs that merge extra_body leave `google`.
  extra_body: z.object({ google: googleExtrasSchema.nullish() }).nullish(),
  google: googleExtrasSchema.nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;
export type ChatMessage = z.infer<typeof chatMessageSchema>;
export type ChatTool = z.infer<typeof tool>;
export type ChatFunctionDefinition = z.infer<typeof functionDefinition>;
export type ChatToolChoice = z.infer<typeof toolChoice>;
export type ReasoningEffort = z.infer<typeof reasoningEffortSchema>;
export type GoogleExtras = z.infer<typeof googleExtrasSchema>;
export type AssistantToolCall = z.infer<typeof toolCall>;
export type UserContentPart = Exclude<z.infer<typeof userContent>, string>[number];
