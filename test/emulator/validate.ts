import type { Content, GenerateContentRequest, GoogleErrorBody } from '../../proxy/gemini/types.js';
import { isModelTurn, isUserTurn } from './conversation.js';
import { googleError, invalidArgument, unknownFields } from './errors.js';
import type { EmulatedModel } from './models.js';
import { checkSignature } from './signatures.js';

/**
 * Request validation the way Gemini does it. Gemini parses bodies with the protobuf JSON mapping, which
 * accepts lowerCamel and snake_case field names and refuses any other name with "Unknown name …:
 * Cannot find field." — so bodies are first normalised to lowerCamel, then checked field by field.
 * Semantic checks copy the messages Gemini returns (sources inline).
 */

type Json = Record<string, unknown>;
type Result<T> = { ok: true; value: T } | { ok: false; error: GoogleErrorBody };

// https://ai.google.dev/api/generate-content#request-body (+ serviceTier/store/labels the SDK may send).
const REQUEST_FIELDS = new Set([
  'model',
  'contents',
  'tools',
  'toolConfig',
  'safetySettings',
  'systemInstruction',
  'generationConfig',
  'cachedContent',
  'serviceTier',
  'store',
  'labels',
]);
// https://ai.google.dev/api/generate-content#GenerationConfig
const GENERATION_CONFIG_FIELDS = new Set([
  'stopSequences',
  'responseMimeType',
  'responseSchema',
  'responseJsonSchema',
  '_responseJsonSchema',
  'responseModalities',
  'candidateCount',
  'maxOutputTokens',
  'temperature',
  'topP',
  'topK',
  'seed',
  'presencePenalty',
  'frequencyPenalty',
  'responseLogprobs',
  'logprobs',
  'enableEnhancedCivicAnswers',
  'speechConfig',
  'thinkingConfig',
  'imageConfig',
  'mediaResolution',
]);
// https://ai.google.dev/api/generate-content#ThinkingConfig
const THINKING_CONFIG_FIELDS = new Set(['includeThoughts', 'thinkingBudget', 'thinkingLevel']);
const CONTENT_FIELDS = new Set(['role', 'parts']);
// https://ai.google.dev/api/caching#Part; toolCall / toolResponse: Gemini 3's server-side tool parts,
// passed back in the model's turn (Part in @google/genai's genai.d.ts; ai.google.dev/gemini-api/docs/tool-combination)
const PART_FIELDS = new Set([
  'toolCall',
  'toolResponse',
  'text',
  'inlineData',
  'fileData',
  'functionCall',
  'functionResponse',
  'executableCode',
  'codeExecutionResult',
  'thought',
  'thoughtSignature',
  'videoMetadata',
  'partMetadata',
  'mediaResolution',
]);
const THINKING_LEVELS = new Set(['MINIMAL', 'LOW', 'MEDIUM', 'HIGH']);

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Renames snake_case keys to lowerCamel (the proto JSON mapping accepts both; camel wins). */
function camelKeys(obj: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(obj)) {
    const c = camel(k);
    if (!(c in out) || c === k) out[c] = v;
  }
  return out;
}

interface Violation {
  name: string;
  at?: string;
}

function unknownIn(obj: Json, known: Set<string>, at: string | undefined, into: Violation[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.has(camel(key))) into.push(at ? { name: key, at } : { name: key });
  }
}

/** A value of the wrong JSON type where a message belongs, e.g. a string for a Content. */
function invalidValue(at: string, type: string, value: unknown): GoogleErrorBody {
  const description = `Invalid value at '${at}' (type.googleapis.com/google.ai.generativelanguage.v1beta.${type}), ${JSON.stringify(value)}`;
  return googleError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${description}`, [
    {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: at, description: `Invalid JSON payload received. ${description}` }],
    },
  ]);
}

function normalizeContent(raw: unknown, at: string, into: Violation[]): Content {
  if (!isObject(raw)) return raw as Content;
  unknownIn(raw, CONTENT_FIELDS, at, into);
  const content = camelKeys(raw);
  if (Array.isArray(content.parts)) {
    content.parts = content.parts.map((p, j) => {
      if (!isObject(p)) return p;
      unknownIn(p, PART_FIELDS, `${at}.parts[${j}]`, into);
      const part = camelKeys(p);
      for (const nested of [
        'inlineData',
        'fileData',
        'functionCall',
        'functionResponse',
        'toolCall',
        'toolResponse',
      ]) {
        if (isObject(part[nested])) part[nested] = camelKeys(part[nested]);
      }
      return part;
    });
  }
  return content as unknown as Content;
}

/** Contents and systemInstruction must be messages (objects), not strings or numbers. */
function misplacedValue(body: Json, prefix: string): GoogleErrorBody | undefined {
  const contents = body.contents;
  if (contents !== undefined && !Array.isArray(contents))
    return invalidValue(`${prefix}contents[0]`, 'Content', contents);
  for (const [i, c] of (Array.isArray(contents) ? contents : []).entries()) {
    if (!isObject(c)) return invalidValue(`${prefix}contents[${i}]`, 'Content', c);
  }
  const system = body.systemInstruction ?? body.system_instruction;
  if (system !== undefined && !isObject(system))
    return invalidValue(`${prefix}system_instruction`, 'Content', system);
  return undefined;
}

/**
 * Normalises a GenerateContentRequest body and refuses unknown fields. `prefix` is the proto path of the
 * request inside its parent ("generate_content_request." for countTokens), as Gemini reports it.
 */
export function normalizeGenerateRequest(body: unknown, prefix = ''): Result<GenerateContentRequest> {
  if (!isObject(body)) {
    return {
      ok: false,
      error: invalidArgument(
        'Invalid JSON payload received. Unknown name "": Root element must be a message.',
      ),
    };
  }
  const violations: Violation[] = [];
  const misplaced = misplacedValue(body, prefix);
  if (misplaced) return { ok: false, error: misplaced };
  unknownIn(body, REQUEST_FIELDS, prefix ? prefix.replace(/\.$/, '') : undefined, violations);
  const req = camelKeys(body);
  if (isObject(req.generationConfig)) {
    unknownIn(req.generationConfig, GENERATION_CONFIG_FIELDS, `${prefix}generation_config`, violations);
    const gc = camelKeys(req.generationConfig);
    if (isObject(gc.thinkingConfig)) {
      unknownIn(
        gc.thinkingConfig,
        THINKING_CONFIG_FIELDS,
        `${prefix}generation_config.thinking_config`,
        violations,
      );
      gc.thinkingConfig = camelKeys(gc.thinkingConfig);
    }
    req.generationConfig = gc;
  }
  if (Array.isArray(req.contents)) {
    req.contents = req.contents.map((c, i) => normalizeContent(c, `${prefix}contents[${i}]`, violations));
  }
  if (req.systemInstruction !== undefined) {
    req.systemInstruction = normalizeContent(
      req.systemInstruction,
      `${prefix}system_instruction`,
      violations,
    );
  }
  if (Array.isArray(req.tools)) {
    req.tools = req.tools.map((t) => {
      if (!isObject(t)) return t;
      const tool = camelKeys(t);
      if (Array.isArray(tool.functionDeclarations)) {
        tool.functionDeclarations = tool.functionDeclarations.map((d) => (isObject(d) ? camelKeys(d) : d));
      }
      return tool;
    });
  }
  if (isObject(req.toolConfig)) {
    const tc = camelKeys(req.toolConfig);
    if (isObject(tc.functionCallingConfig)) tc.functionCallingConfig = camelKeys(tc.functionCallingConfig);
    req.toolConfig = tc;
  }
  if (violations.length > 0) return { ok: false, error: unknownFields(violations) };
  return { ok: true, value: req as unknown as GenerateContentRequest };
}

/** "* GenerateContentRequest.contents: contents is not specified\n" — see free-claude-code issues quoting it. */
function fieldError(path: string, message: string): GoogleErrorBody {
  return invalidArgument(`* GenerateContentRequest.${path}: ${message}\n`);
}

function checkContents(contents: unknown): GoogleErrorBody | undefined {
  if (!Array.isArray(contents) || contents.length === 0)
    return fieldError('contents', 'contents is not specified');
  for (const [i, c] of contents.entries()) {
    if (!isObject(c) || !Array.isArray(c.parts) || c.parts.length === 0) {
      return fieldError(`contents[${i}].parts`, 'contents.parts must not be empty.');
    }
    // ShishirPatil/gorilla#768: "Please use a valid role: user, model."
    if (c.role !== undefined && c.role !== 'user' && c.role !== 'model' && c.role !== 'function') {
      return invalidArgument('Please use a valid role: user, model.');
    }
  }
  return undefined;
}

function checkThinking(req: GenerateContentRequest, model: EmulatedModel): GoogleErrorBody | undefined {
  const tc = req.generationConfig?.thinkingConfig;
  if (!tc) return undefined;
  // "You can only set only one of thinking budget and thinking level." (quoted in many client comments)
  if (tc.thinkingLevel !== undefined && tc.thinkingBudget !== undefined) {
    return invalidArgument('You can only set only one of thinking budget and thinking level.');
  }
  if (tc.thinkingLevel !== undefined) {
    // QwenLM/qwen-code#9094: every 2.5 request carrying a level fails with this.
    if (model.family !== '3') return invalidArgument('thinking_level is not supported for this model.');
    const level = String(tc.thinkingLevel).toUpperCase();
    if (!THINKING_LEVELS.has(level)) {
      const field = 'generation_config.thinking_config.thinking_level';
      const description = `Invalid value at '${field}' (type.googleapis.com/google.ai.generativelanguage.v1beta.ThinkingConfig.ThinkingLevel), "${String(tc.thinkingLevel)}"`;
      return googleError(400, 'INVALID_ARGUMENT', description, [
        { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] },
      ]);
    }
  }
  if (tc.thinkingBudget === 0 && model.thinkingRequired) {
    return invalidArgument('Budget 0 is invalid. This model only works in thinking mode.');
  }
  return undefined;
}

/**
 * Gemini 3 thought-signature rules (https://ai.google.dev/gemini-api/docs/thought-signatures): every
 * signature replayed must be one this project minted (or a documented placeholder), and in the current
 * turn — everything after the last user message with ordinary content — the first functionCall part of
 * each model step must carry one. Messages: google-gemini issues quoting "Function call is missing a
 * thought_signature…" (AstrBotDevs/AstrBot#9217, askimo-ai/askimo#543) and "Corrupted thought signature."
 */
function checkSignatures(contents: readonly Content[], projectId: string): GoogleErrorBody | undefined {
  for (const c of contents) {
    if (!isModelTurn(c)) continue;
    for (const p of c.parts ?? []) {
      if (typeof p.thoughtSignature !== 'string') continue;
      const verdict = checkSignature(p.thoughtSignature, projectId);
      if (verdict === 'corrupted' || verdict === 'other-project')
        return invalidArgument('Corrupted thought signature.');
    }
  }
  let start = 0;
  contents.forEach((c, i) => {
    if (
      isUserTurn(c) &&
      (c.parts ?? []).some((p) => typeof p.text === 'string' || p.inlineData || p.fileData)
    )
      start = i;
  });
  for (let i = start; i < contents.length; i++) {
    const c = contents[i];
    if (!c || !isModelTurn(c)) continue;
    const first = (c.parts ?? []).find((p) => p.functionCall);
    if (first && typeof first.thoughtSignature !== 'string') {
      return invalidArgument(
        'Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. ' +
          `Additional data, function call \`default_api:${first.functionCall?.name}\` , position ${i + 1}. ` +
          'Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.',
      );
    }
  }
  return undefined;
}

/**
 * Built-in tools beside function declarations ("tool combination"): only Gemini 3 takes them, and only
 * with `toolConfig.includeServerSideToolInvocations` (https://ai.google.dev/gemini-api/docs/tool-combination).
 * Messages as Gemini answers them, measured model by model in prism-php/prism#972 (2026) and quoted in
 * snailyp/gemini-balance#17 and lobehub/lobehub#7463 (2025).
 */
function checkToolCombination(
  req: GenerateContentRequest,
  model: EmulatedModel,
): GoogleErrorBody | undefined {
  const tools = req.tools ?? [];
  const builtIn = tools.some(
    (tool) => 'googleSearch' in tool || 'codeExecution' in tool || 'urlContext' in tool,
  );
  const functions = tools.some((tool) => (tool.functionDeclarations ?? []).length > 0);
  const circulation = req.toolConfig?.includeServerSideToolInvocations === true;
  if (model.family === '3') {
    if (builtIn && functions && !circulation) {
      return invalidArgument(
        'Please enable tool_config.include_server_side_tool_invocations to use Built-in tools with Function calling.',
      );
    }
    return undefined;
  }
  if (circulation)
    return invalidArgument(`Tool call context circulation is not enabled for models/${model.id}`);
  if (builtIn && functions) return invalidArgument('Tool use with function calling is unsupported');
  return undefined;
}

/** Checks after parsing: contents, thinking config, tool combination, Gemini 3 rules. */
export function checkGenerateRequest(
  req: GenerateContentRequest,
  model: EmulatedModel,
  projectId: string,
): GoogleErrorBody | undefined {
  const contentsError = checkContents(req.contents);
  if (contentsError) return contentsError;
  const thinkingError = checkThinking(req, model);
  if (thinkingError) return thinkingError;
  const toolsError = checkToolCombination(req, model);
  if (toolsError) return toolsError;
  if (model.family === '3') {
    // The DESIGN's "Gemini facts"; envoyproxy/ai-gateway#2686 quotes the same text from Vertex AI.
    if (isModelTurn(req.contents[req.contents.length - 1])) {
      return invalidArgument('Requests ending with a model turn are not supported.');
    }
    return checkSignatures(req.contents, projectId);
  }
  return undefined;
}
