import type { ToolConfig } from '../../gemini/types.js';
import type { AnthropicToolChoice } from './messagesRequestSchema.js';
import { geminiFunctionName } from './functionNames.js';

/**
 * `tool_choice` -> `toolConfig.functionCallingConfig`
 * (https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes):
 *
 * | Anthropic                 | Gemini                                   |
 * | ------------------------- | ---------------------------------------- |
 * | `{type: "auto"}`          | mode AUTO                                |
 * | `{type: "any"}`           | mode ANY                                 |
 * | `{type: "tool", name}`    | mode ANY, allowedFunctionNames [name]    |
 * | `{type: "none"}`          | mode NONE                                |
 *
 * Absent -> no toolConfig (Gemini's default is AUTO, Anthropic's too). Without declared functions there
 * is nothing to configure. `disable_parallel_tool_use` has no Gemini switch; it is honoured on the
 * answer's side, which then passes on only the first call (contentBlockWriter.ts).
 */
export function toToolConfig(
  choice: AnthropicToolChoice | null | undefined,
  declaredFunctionCount: number,
): ToolConfig | undefined {
  if (!choice || declaredFunctionCount === 0) return undefined;
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } };
    case 'any':
      return { functionCallingConfig: { mode: 'ANY' } };
    case 'tool':
      return {
        functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [geminiFunctionName(choice.name)] },
      };
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } };
  }
}
