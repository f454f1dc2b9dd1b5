import type { FunctionDeclaration } from '../../gemini/types.js';
import type { ChatToolChoice } from '../openai/chatRequestSchema.js';
import { invalidRequest } from '../openai/openAIError.js';
import { toFunctionDeclaration } from '../openai/toFunctionDeclarations.js';
import { toToolConfig } from '../openai/toToolConfig.js';
import { supportsGoogleSearch, withGoogleSearch, type GeminiTools } from './googleSearchSupport.js';
import { qualifiedName } from './namespacedFunctions.js';
import type { FunctionTool, ResponsesRequest, ResponsesToolChoice } from './responsesRequestSchema.js';

/**
 * `tools` and `tool_choice` -> Gemini `tools` and `toolConfig`.
 *
 * | Responses                                         | Gemini                                              |
 * |---------------------------------------------------|-----------------------------------------------------|
 * | `{type:'function', name, parameters, strict}`     | a functionDeclaration, as in the chat dialect       |
 * |                                                   | (toFunctionDeclarations.ts: JSON Schema as given,   |
 * |                                                   | `strict` has no counterpart)                        |
 * | `{type:'namespace', name, description, tools}`     | each function declared as `namespace.name`          |
 * |                                                   | (namespacedFunctions.ts), the namespace's           |
 * |                                                   | description before its own; a name declared twice   |
 * |                                                   | is a 400                                            |
 * | `{type:'web_search' \| 'web_search_preview', ...}` | `{googleSearch: {}}` on models that ground         |
 * |                                                   | (googleSearchSupport.ts), else a 400 naming it;     |
 * |                                                   | `search_context_size` and `user_location` are hints |
 * |                                                   | Gemini has no field for; `allowed_domains` is a 400 |
 * | `tool_choice`                                     | through the chat dialect's table (toToolConfig.ts), |
 * |                                                   | `{type:'function', name}` written the chat way      |
 * | `web_search` beside functions                      | on Gemini 3: both, with                             |
 * |                                                   | `toolConfig.includeServerSideToolInvocations`;      |
 * |                                                   | on older models, which refuse the pair with a 400:  |
 * |                                                   | the functions only, the search reported in          |
 * |                                                   | `dropped` (withGoogleSearch, googleSearchSupport.ts)|
 * | `tool_choice: 'none'`                             | also leaves Google Search out: Gemini grounds on    |
 * |                                                   | its own whenever the tool is there                  |
 * | `allowed_tools` in mode `auto`                    | the declarations narrowed to the allowed ones       |
 */
export function toResponsesTools(
  request: Pick<ResponsesRequest, 'tools' | 'tool_choice'>,
  model: string,
): GeminiTools {
  const declarations: FunctionDeclaration[] = [];
  let googleSearch = false;
  const allowed = autoModeAllowList(request.tool_choice);
  const declaredAt = new Map<string, string>();
  const declare = (fn: FunctionTool, param: string) => {
    const earlier = declaredAt.get(fn.name);
    if (earlier !== undefined) {
      throw invalidRequest(
        `Invalid value for '${param}': the function '${fn.name}' is declared twice (also at '${earlier}'); Gemini knows a function of a namespace tool as 'namespace.name'.`,
        param,
        'invalid_value',
      );
    }
    declaredAt.set(fn.name, param);
    declarations.push(toFunctionDeclaration(fn));
  };
  (request.tools ?? []).forEach((tool, index) => {
    if (tool.type === 'function') {
      if (!allowed || allowed.has(tool.name)) declare(tool, `tools[${index}].name`);
      return;
    }
    if (tool.type === 'namespace') {
      tool.tools.forEach((inner, at) => {
        if (inner.type !== 'function') return; // custom tools: refused in supportedParameters.ts
        const description = [tool.description, inner.description].filter(Boolean).join('\n\n');
        declare(
          { ...inner, name: qualifiedName(tool.name, inner.name), description },
          `tools[${index}].tools[${at}].name`,
        );
      });
      return;
    }
    if (!tool.type.startsWith('web_search')) return; // hosted tools: refused in supportedParameters.ts
    if (!supportsGoogleSearch(model)) {
      throw invalidRequest(
        `Unsupported value for 'tools[${index}].type': ${model} cannot search the web (Gemini's Google Search grounding is not available for it); use a Gemini 2.5 or 3 model, or leave the tool out.`,
        `tools[${index}].type`,
        'unsupported_parameter',
      );
    }
    if ('filters' in tool && tool.filters?.allowed_domains && tool.filters.allowed_domains.length > 0) {
      throw invalidRequest(
        `Unsupported parameter: 'tools[${index}].filters.allowed_domains': Gemini's Google Search cannot be limited to domains.`,
        `tools[${index}].filters.allowed_domains`,
        'unsupported_parameter',
      );
    }
    googleSearch = true;
  });

  return withGoogleSearch(model, {
    declarations,
    search: googleSearch,
    choiceIsNone: request.tool_choice === 'none',
    toolConfig: toToolConfig({ tool_choice: asChatToolChoice(request.tool_choice) }, declarations.length),
  });
}

/** The Responses spelling of a tool choice -> the chat spelling toToolConfig reads. */
function asChatToolChoice(choice: ResponsesToolChoice | null | undefined): ChatToolChoice | undefined {
  if (!choice) return undefined;
  if (typeof choice === 'string') return choice;
  if (choice.type === 'function') return { type: 'function', function: { name: choice.name } };
  if (choice.type === 'allowed_tools') {
    return {
      type: 'allowed_tools',
      allowed_tools: {
        mode: choice.mode,
        tools: choice.tools.map((tool) => ({
          type: 'function' as const,
          function: { name: tool.name ?? '' },
        })),
      },
    };
  }
  return undefined; // hosted tool choices: refused in supportedParameters.ts
}

/** Gemini honours allowedFunctionNames only in ANY mode; in `auto`, the declarations are narrowed instead. */
function autoModeAllowList(choice: ResponsesToolChoice | null | undefined): Set<string> | undefined {
  if (!choice || typeof choice === 'string' || choice.type !== 'allowed_tools' || choice.mode !== 'auto') {
    return undefined;
  }
  return new Set(choice.tools.flatMap((tool) => (tool.name ? [tool.name] : [])));
}
