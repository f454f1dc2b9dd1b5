import type { ToolConfig } from '../../gemini/types.js';
import type { ChatRequest } from './chatRequestSchema.js';

/**
 * `tool_choice` (or the legacy `function_call`) -> `toolConfig.functionCallingConfig`
 * (https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes):
 *
 * | OpenAI                                         | Gemini                                   |
 * |------------------------------------------------|------------------------------------------|
 * | `none`                                         | mode NONE                                |
 * | `auto`                                         | mode AUTO                                |
 * | `required`                                     | mode ANY                                 |
 * | `{type:'function', function:{name}}`           | mode ANY, allowedFunctionNames [name]    |
 * | `{type:'allowed_tools', mode:'required', ...}` | mode ANY, allowedFunctionNames [...]     |
 * | `{type:'allowed_tools', mode:'auto', ...}`     | mode AUTO (declarations narrowed instead) |
 *
 * Absent -> no toolConfig (Gemini's default is AUTO). Without declared functions there is nothing to
 * configure, so a stray tool_choice is ignored rather than turned into a Gemini 400.
 *
 * `parallel_tool_calls` has no Gemini switch; it is honoured on the response side (see
 * fromGeminiResponse.ts / chatStreamTranslator.ts: with `false`, only the first call is passed on).
 */
export function toToolConfig(
  request: Pick<ChatRequest, 'tool_choice' | 'function_call'>,
  declaredFunctionCount: number,
): ToolConfig | undefined {
  if (declaredFunctionCount === 0) return undefined;
  const choice = request.tool_choice ?? legacyFunctionCall(request);
  if (!choice) return undefined;

  if (choice === 'none') return { functionCallingConfig: { mode: 'NONE' } };
  if (choice === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  if (choice === 'required') return { functionCallingConfig: { mode: 'ANY' } };
  if (choice.type === 'function') {
    return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.function.name] } };
  }
  if (choice.allowed_tools.mode === 'auto') return { functionCallingConfig: { mode: 'AUTO' } };
  return {
    functionCallingConfig: {
      mode: 'ANY',
      allowedFunctionNames: choice.allowed_tools.tools.map((t) => t.function.name),
    },
  };
}

function legacyFunctionCall(request: Pick<ChatRequest, 'function_call'>): ChatRequest['tool_choice'] {
  const call = request.function_call;
  if (!call) return undefined;
  if (typeof call === 'string') return call;
  return { type: 'function', function: { name: call.name } };
}
