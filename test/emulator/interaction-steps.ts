import type {
  Content,
  FunctionDeclaration,
  GenerateContentRequest,
  Part,
  UsageMetadata,
} from '../../proxy/gemini/types.js';
import { interactionError, type InteractionError } from './interaction-errors.js';

/**
 * The Interactions API's steps and content blocks, and how the emulator reads them as a Gemini
 * conversation so that one "model" (plan.ts) answers both APIs alike.
 *
 * Shapes are copied from @google/genai 3.6.1 (dist/genai.d.ts: `Step`, `UserInputStep`,
 * `ModelOutputStep`, `ThoughtStep`, `FunctionCallStep`, `FunctionResultStep`, `TextContent`,
 * `ImageContent`, `Usage`, `ModalityTokens`, `InteractionsInput`) and from the May 2026 schema as
 * ai.google.dev/gemini-api/docs/interactions describes it (`outputs` became typed `steps`).
 *
 * | Interactions                                       | Gemini (generateContent)                      |
 * | -------------------------------------------------- | --------------------------------------------- |
 * | `input: "text"`                                    | one user turn with that text                  |
 * | `input: {type: "text"…}` or `[{type: "image"…}…]`  | one user turn with those parts                |
 * | `input: [step…]`                                   | the steps, in order                           |
 * | `user_input {content}`                             | user turn, its parts                          |
 * | `model_output {content}`                           | model turn, its parts                         |
 * | `thought {signature, summary}`                     | model part `{thought: true, text, thoughtSignature}` |
 * | `function_call {id, name, arguments}`              | model part `functionCall {id, name, args}`    |
 * | `function_result {call_id, name, result}`          | user part `functionResponse {id, name, response: {result}}` |
 * | content `text` / `image`·`audio`·`video`·`document` | `text` / `inlineData` (with `data`) or `fileData` (with `uri`) |
 *
 * Consecutive steps of one side become one turn, as Gemini's alternating contents need.
 */

export interface TextBlock {
  type: 'text';
  text: string;
  [extra: string]: unknown;
}

export interface MediaBlock {
  type: 'image' | 'audio' | 'video' | 'document';
  data?: string;
  uri?: string;
  mime_type?: string;
  [extra: string]: unknown;
}

export type ContentBlock = TextBlock | MediaBlock;

export type Step =
  | { type: 'user_input'; content?: ContentBlock[] }
  | { type: 'model_output'; content?: ContentBlock[] }
  | { type: 'thought'; signature?: string; summary?: ContentBlock[] }
  | { type: 'function_call'; id: string; name: string; arguments: Record<string, unknown> }
  | { type: 'function_result'; call_id: string; name?: string; result: unknown; is_error?: boolean };

/** `Usage` of @google/genai 3.6.1; modalities are lower case there (`ResponseModality`). */
export interface InteractionUsage {
  total_input_tokens?: number;
  input_tokens_by_modality?: Array<{ modality: string; tokens: number }>;
  total_cached_tokens?: number;
  total_output_tokens?: number;
  output_tokens_by_modality?: Array<{ modality: string; tokens: number }>;
  total_thought_tokens?: number;
  total_tool_use_tokens?: number;
  total_tokens?: number;
}

const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'video', 'document']);
const STEP_TYPES = new Set(['user_input', 'model_output', 'thought', 'function_call', 'function_result']);

/** A JSON object: not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value read from a request, or the Interactions error that refuses it. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: InteractionError };

const invalid = (message: string): Read<never> => ({
  ok: false,
  error: interactionError(400, 'invalid_request', message),
});

/** The steps of a create request's `input` (InteractionsInput: string, Content, Content[], Step[]). */
export function inputSteps(input: unknown): Read<Step[]> {
  if (typeof input === 'string') {
    if (input.length === 0) return invalid('input must not be empty.');
    return { ok: true, value: [{ type: 'user_input', content: [{ type: 'text', text: input }] }] };
  }
  if (isObject(input)) input = [input];
  if (!Array.isArray(input) || input.length === 0) {
    return invalid('input is required: a string, a content block, or a list of content blocks or steps.');
  }
  const items = input as unknown[];
  if (items.every((item) => isObject(item) && CONTENT_TYPES.has(String(item.type)))) {
    const content = items as ContentBlock[];
    const bad = content.find((block) => !validBlock(block));
    if (bad) return invalid(`Invalid ${bad.type} content: ${describeBlockRule(bad.type)}.`);
    return { ok: true, value: [{ type: 'user_input', content }] };
  }
  const steps: Step[] = [];
  for (const [i, item] of items.entries()) {
    if (!isObject(item) || !STEP_TYPES.has(String(item.type))) {
      return invalid(
        `input[${i}]: unknown type ${JSON.stringify(isObject(item) ? item.type : item)}; ` +
          'a list must hold only content blocks or only steps.',
      );
    }
    const content = item.content;
    if (content !== undefined && (!Array.isArray(content) || !content.every(validBlock))) {
      return invalid(`input[${i}].content must be a list of content blocks.`);
    }
    if (item.type === 'function_call' && (typeof item.name !== 'string' || typeof item.id !== 'string')) {
      return invalid(`input[${i}]: a function_call step needs an id and a name.`);
    }
    if (item.type === 'function_result' && typeof item.call_id !== 'string') {
      return invalid(`input[${i}]: a function_result step needs the call_id of its function_call.`);
    }
    steps.push(item as unknown as Step);
  }
  return { ok: true, value: steps };
}

function validBlock(block: unknown): boolean {
  if (!isObject(block)) return false;
  if (block.type === 'text') return typeof block.text === 'string';
  if (!CONTENT_TYPES.has(String(block.type))) return false;
  return typeof block.data === 'string' || typeof block.uri === 'string';
}

function describeBlockRule(type: string): string {
  return type === 'text' ? 'text is required' : 'data (base64) or uri is required';
}

/** Gemini parts for content blocks. */
function partsOf(content: readonly ContentBlock[] | undefined): Part[] {
  return (content ?? []).map((block): Part => {
    if (block.type === 'text') return { text: block.text };
    const mimeType = block.mime_type ?? defaultMime(block.type);
    return block.data !== undefined
      ? { inlineData: { mimeType, data: block.data } }
      : { fileData: { mimeType, fileUri: block.uri ?? '' } };
  });
}

function defaultMime(type: MediaBlock['type']): string {
  return { image: 'image/png', audio: 'audio/wav', video: 'video/mp4', document: 'application/pdf' }[type];
}

function turnOf(step: Step): { role: 'user' | 'model'; parts: Part[] } {
  switch (step.type) {
    case 'user_input':
      return { role: 'user', parts: partsOf(step.content) };
    case 'model_output':
      return { role: 'model', parts: partsOf(step.content) };
    case 'thought': {
      const summary = (step.summary ?? []).map((block) => (block.type === 'text' ? block.text : '')).join('');
      return {
        role: 'model',
        parts: [
          {
            text: summary,
            thought: true,
            ...(step.signature ? { thoughtSignature: step.signature } : {}),
          },
        ],
      };
    }
    case 'function_call':
      return {
        role: 'model',
        parts: [{ functionCall: { id: step.id, name: step.name, args: step.arguments ?? {} } }],
      };
    case 'function_result':
      return {
        role: 'user',
        parts: [
          {
            functionResponse: {
              id: step.call_id,
              name: step.name ?? step.call_id,
              response: { result: step.result },
            },
          },
        ],
      };
  }
}

/** Steps as Gemini contents: one turn per run of steps on the same side. */
export function contentsOf(steps: readonly Step[]): Content[] {
  const contents: Content[] = [];
  for (const step of steps) {
    const turn = turnOf(step);
    const last = contents.at(-1);
    if (last && last.role === turn.role) last.parts.push(...turn.parts);
    else contents.push(turn);
  }
  return contents;
}

/** The parts of a create body that shape the answer, read as a generateContent request. */
export function generateRequestOf(
  body: Record<string, unknown>,
  contents: Content[],
): GenerateContentRequest {
  const request: GenerateContentRequest = { contents };
  if (typeof body.system_instruction === 'string' && body.system_instruction.length > 0) {
    request.systemInstruction = { parts: [{ text: body.system_instruction }] };
  }
  const declarations: FunctionDeclaration[] = [];
  for (const tool of Array.isArray(body.tools) ? body.tools : []) {
    if (isObject(tool) && tool.type === 'function' && typeof tool.name === 'string') {
      declarations.push({
        name: tool.name,
        ...(typeof tool.description === 'string' ? { description: tool.description } : {}),
        ...(tool.parameters !== undefined ? { parametersJsonSchema: tool.parameters } : {}),
      });
    }
  }
  if (declarations.length > 0) request.tools = [{ functionDeclarations: declarations }];
  const config = isObject(body.generation_config) ? body.generation_config : {};
  const format = (Array.isArray(body.response_format) ? body.response_format : [body.response_format]).find(
    (candidate) => isObject(candidate) && candidate.type === 'text',
  ) as Record<string, unknown> | undefined;
  request.generationConfig = {
    thinkingConfig: { includeThoughts: config.thinking_summaries === 'auto' },
    ...(format && typeof format.mime_type === 'string' ? { responseMimeType: format.mime_type } : {}),
    ...(format && format.schema !== undefined ? { responseJsonSchema: format.schema } : {}),
  };
  return request;
}

/** Gemini's usage as the Interactions API reports it (`Usage`; the same counts, other names). */
export function interactionUsage(usage: UsageMetadata): InteractionUsage {
  type Details = Array<{ modality?: string; tokenCount?: number }> | undefined;
  const lower = (details: Details) =>
    (details ?? []).map((entry) => ({
      modality: String(entry.modality).toLowerCase(),
      tokens: entry.tokenCount ?? 0,
    }));
  const output = usage.candidatesTokenCount ?? 0;
  return {
    total_input_tokens: usage.promptTokenCount ?? 0,
    input_tokens_by_modality: lower(usage.promptTokensDetails as Details),
    total_output_tokens: output,
    ...(output > 0 ? { output_tokens_by_modality: [{ modality: 'text', tokens: output }] } : {}),
    ...(usage.thoughtsTokenCount ? { total_thought_tokens: usage.thoughtsTokenCount } : {}),
    total_tokens: usage.totalTokenCount ?? 0,
  };
}
