import type { FunctionDeclaration } from '../../gemini/types.js';
import type { ChatFunctionDefinition, ChatRequest } from './chatRequestSchema.js';
import { cleanJsonSchema } from './cleanJsonSchema.js';

/**
 * `tools` (and the legacy `functions`) -> Gemini `functionDeclarations`.
 *
 * - Parameters go to `parametersJsonSchema`, which takes JSON Schema as written by Roo Code and Cline
 *   (type arrays, anyOf/oneOf, additionalProperties:false); see cleanJsonSchema.ts.
 * - `strict` is dropped: it is an OpenAI decoding mode with no Gemini counterpart, and it lives on
 *   the function, not in the schema, so nothing else changes.
 * - A function without parameters (no schema, or an object schema with no properties, as
 *   clients write for tools like `list_sessions`) gets no parameter schema at all: Gemini documents
 *   that the schema "must describe an object where the properties are the parameters".
 * - `tool_choice: {type:'allowed_tools', allowed_tools:{mode:'auto'}}` narrows the declarations to the
 *   allowed ones, because Gemini only honours `allowedFunctionNames` in ANY mode.
 */
export function toFunctionDeclarations(request: ChatRequest): FunctionDeclaration[] {
  const definitions: ChatFunctionDefinition[] = [
    ...(request.tools ?? []).map((tool) => tool.function),
    ...(request.functions ?? []),
  ];
  const allowed = autoModeAllowList(request);
  return definitions.filter((fn) => !allowed || allowed.has(fn.name)).map(toFunctionDeclaration);
}

/** One function definition (`name`, `description`, `parameters`, `strict`) -> one declaration. */
export function toFunctionDeclaration(fn: ChatFunctionDefinition): FunctionDeclaration {
  const declaration: FunctionDeclaration = { name: fn.name };
  if (fn.description) declaration.description = fn.description;
  if (fn.parameters && describesParameters(fn.parameters)) {
    declaration.parametersJsonSchema = cleanJsonSchema(fn.parameters);
  }
  return declaration;
}

function describesParameters(schema: Record<string, unknown>): boolean {
  const properties = schema['properties'];
  if (properties && typeof properties === 'object' && Object.keys(properties).length > 0) return true;
  return ['anyOf', 'oneOf', 'allOf', '$ref'].some((keyword) => keyword in schema);
}

function autoModeAllowList(request: ChatRequest): Set<string> | undefined {
  const choice = request.tool_choice;
  if (!choice || typeof choice === 'string' || choice.type !== 'allowed_tools') return undefined;
  if (choice.allowed_tools.mode !== 'auto') return undefined;
  return new Set(choice.allowed_tools.tools.map((t) => t.function.name));
}
