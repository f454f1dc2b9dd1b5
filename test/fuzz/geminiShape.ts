import type { GenerateContentRequest } from '../../proxy/gemini/types.js';
import { checkGenerateRequest, normalizeGenerateRequest } from '../emulator/validate.js';
import { findModel } from '../emulator/models.js';

/**
 * Whether Gemini would take a translated request: the emulator's own validation (Gemini's field
 * names, contents, roles, thinking config, Gemini 3 rules), plus what Gemini checks and the emulator
 * does not: function declaration fields and names, and toolConfig naming only declared functions.
 * Returns the reason it would not, or undefined.
 *
 * A corrupted thought signature is the client's own (it echoed a garbage signature back); gemgate
 * passes those through by design, so that rejection is not counted against the translation.
 */
export function whyGeminiRefuses(model: string, body: GenerateContentRequest): string | undefined {
  const normalized = normalizeGenerateRequest(body);
  if (!normalized.ok) return normalized.error.error.message;
  const emulated = findModel(model) ?? findModel('gemini-2.5-flash')!;
  const refused = checkGenerateRequest(normalized.value, emulated, 'fuzz-project');
  if (refused && refused.error.message !== 'Corrupted thought signature.') {
    return refused.error.message;
  }
  const declared = new Set<string>();
  for (const tool of body.tools ?? []) {
    for (const declaration of tool.functionDeclarations ?? []) {
      for (const key of Object.keys(declaration)) {
        if (!DECLARATION_FIELDS.has(key)) return `Unknown name "${key}" in a function declaration`;
      }
      // https://ai.google.dev/api/caching#FunctionDeclaration
      if (!FUNCTION_NAME.test(declaration.name))
        return `Invalid function name ${JSON.stringify(declaration.name)}`;
      declared.add(declaration.name);
    }
  }
  const calling = body.toolConfig?.functionCallingConfig;
  for (const name of calling?.allowedFunctionNames ?? []) {
    if (!declared.has(name))
      return `allowedFunctionNames names an undeclared function ${JSON.stringify(name)}`;
  }
  if (calling?.mode === 'ANY' && declared.size === 0) return 'functionCallingConfig ANY without functions';
  return undefined;
}

const DECLARATION_FIELDS = new Set([
  'name',
  'description',
  'behavior',
  'parameters',
  'parametersJsonSchema',
  'response',
  'responseJsonSchema',
]);
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Thinking settings given in Gemini's own terms (`extra_body.google.thinking_config`) are passed as
 * given, by design (toThinkingConfig.ts): if Gemini refuses them for the model, its 400 reaches the
 * client in the OpenAI dialect. That refusal is the client's choice, not the translation's.
 */
function explicitThinking(body: unknown): boolean {
  const request = body as { extra_body?: { google?: unknown }; google?: unknown } | null;
  return [request?.extra_body?.google, request?.google].some((google) => {
    if (!google || typeof google !== 'object') return false;
    const config = google as { thinking_config?: unknown; thinkingConfig?: unknown };
    const thinking = config.thinking_config ?? config.thinkingConfig;
    if (!thinking || typeof thinking !== 'object') return false;
    return ['thinking_level', 'thinkingLevel', 'thinking_budget', 'thinkingBudget'].some(
      (key) => key in thinking,
    );
  });
}
const THINKING_REFUSALS = /thinking_level|thinking level|thinking budget|Budget 0 is invalid/i;

/** Whether Gemini's refusal `reason` is about thinking settings the client itself gave in Gemini's terms. */
export function isClientsOwnThinkingChoice(clientBody: unknown, reason: string): boolean {
  return THINKING_REFUSALS.test(reason) && explicitThinking(clientBody);
}
