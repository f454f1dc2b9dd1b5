import type { FunctionDeclaration } from '../../gemini/types.js';
import { invalidRequest } from '../openai/openAIError.js';
import { toFunctionDeclaration } from '../openai/toFunctionDeclarations.js';
import {
  supportsGoogleSearch,
  withGoogleSearch,
  type GeminiTools,
} from '../responses/googleSearchSupport.js';
import type { CountTokensRequest } from './messagesRequestSchema.js';
import { geminiFunctionName } from './functionNames.js';
import { toToolConfig } from './toToolConfig.js';

/**
 * `tools` and `tool_choice` -> Gemini `tools` and `toolConfig`:
 *
 * | Anthropic tool                                        | Gemini                                                   |
 * | ----------------------------------------------------- | -------------------------------------------------------- |
 * | the client's own (`type` absent or `custom`)          | a `functionDeclaration`: name (functionNames.ts), description, `input_schema` as `parametersJsonSchema` |
 * | one with `defer_loading`, no tool_reference naming it | nothing yet (Anthropic's tool search; loadedTools.ts)    |
 * | `web_search_*` (Anthropic's web search server tool)   | `googleSearch` (Grounding with Google Search), on the models that take it, else a 400; what it found comes back as search blocks (groundingToSearchBlocks.ts) |
 * | `web_search_*` beside the client's own tools          | on Gemini 3: both, with `toolConfig.includeServerSideToolInvocations`; on older models, which refuse the pair with a 400: the functions only, the search reported in `dropped` (withGoogleSearch, ../responses/googleSearchSupport.ts) |
 * | any other typed tool (`bash_*`, `text_editor_*`, `computer_*`, `code_execution_*`, …) | a 400: Gemini knows no such tool |
 * | `tool_choice`                                         | `functionCallingConfig` (toToolConfig.ts)                |
 * | `tool_choice: {type: "none"}`                         | also leaves Google Search out: Gemini grounds on its own whenever the tool is there |
 *
 * `input_schema` is JSON Schema 2020-12 as Claude Code writes it (`$schema`, `additionalProperties`,
 * `propertyNames`, `exclusiveMinimum`, `const`, `anyOf`, `format`, `pattern`): `parametersJsonSchema`
 * takes JSON Schema as a value, unlike `parameters` (an OpenAPI subset whose parser refuses the
 * whole request at the first keyword it has no field for), so only `$schema` is removed; see
 * ../openai/cleanJsonSchema.ts. A tool whose schema has no properties gets none, as Gemini documents.
 * `cache_control`, `strict` and `input_examples` have no Gemini counterpart and are dropped.
 */
export function toGeminiTools(
  request: Pick<CountTokensRequest, 'tools' | 'tool_choice'>,
  model: string,
  loaded: ReadonlySet<string> = new Set(),
): GeminiTools {
  const declarations: FunctionDeclaration[] = [];
  let search = false;
  for (const [index, tool] of (request.tools ?? []).entries()) {
    if (tool.defer_loading && !loaded.has(tool.name)) continue;
    if (tool.type == null || tool.type === 'custom') {
      declarations.push(
        toFunctionDeclaration({
          name: geminiFunctionName(tool.name),
          description: tool.description,
          parameters: tool.input_schema,
        }),
      );
    } else if (tool.type.startsWith('web_search_')) {
      if (!supportsGoogleSearch(model)) {
        throw invalidRequest(
          `tools.${index}: ${model} cannot search the web (Gemini's googleSearch tool, which web search becomes, is not available on it).`,
          `tools.${index}.type`,
        );
      }
      search = true;
    } else {
      throw invalidRequest(
        `tools.${index}.type: gemgate cannot serve Anthropic's built-in tool '${tool.type}': Gemini does not know it. Declare it as a tool of your own, with an input_schema.`,
        `tools.${index}.type`,
      );
    }
  }
  return withGoogleSearch(model, {
    declarations,
    search,
    choiceIsNone: request.tool_choice?.type === 'none',
    toolConfig: toToolConfig(request.tool_choice, declarations.length),
  });
}
