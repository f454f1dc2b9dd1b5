import type { ThinkingConfig } from '../../gemini/types.js';
import type { ChatRequest } from './chatRequestSchema.js';
import type { NormalisedGoogleExtras } from './googleExtras.js';
import type { ModelTraits } from '../../models/modelTraits.js';
import { thinkingForEffort } from './reasoningEffortTable.js';

export interface ThinkingOptions {
  /**
   * Ask Gemini for thought summaries even when the client did not ask for reasoning. Off by default,
   * as in Google's own compat layer; a user setting can turn it on so that Roo Code or Cline show
   * the model thinking instead of silence.
   */
  includeThoughtsByDefault?: boolean;
}

/**
 * Decides `generationConfig.thinkingConfig`:
 * 1. A budget or level the client gave in `extra_body.google.thinking_config` is used as given: the
 *    client chose Gemini's own knob. If it gave both, the one this model family takes is kept,
 *    because Gemini rejects a request with both.
 * 2. Otherwise `reasoning_effort` goes through the table in reasoningEffortTable.ts.
 * 3. Thoughts are included when the client says so (`include_thoughts`), when it asked for some
 *    reasoning effort other than `none` (it wants to see reasoning), or by the gateway's default.
 */
export function toThinkingConfig(
  request: ChatRequest,
  extras: NormalisedGoogleExtras,
  traits: ModelTraits,
  options: ThinkingOptions = {},
): ThinkingConfig | undefined {
  const config: ThinkingConfig = { ...explicitOrEffort(request, extras, traits) };

  const effort = request.reasoning_effort ?? undefined;
  const includeThoughts =
    extras.includeThoughts ??
    (effort !== undefined && effort !== 'none' && traits.thinking !== 'none' ? true : undefined) ??
    (options.includeThoughtsByDefault && traits.thinking !== 'none' ? true : undefined);
  if (includeThoughts !== undefined) config.includeThoughts = includeThoughts;

  return Object.keys(config).length > 0 ? config : undefined;
}

function explicitOrEffort(
  request: ChatRequest,
  extras: NormalisedGoogleExtras,
  traits: ModelTraits,
): Pick<ThinkingConfig, 'thinkingLevel' | 'thinkingBudget'> | undefined {
  const { thinkingLevel: level, thinkingBudget: budget } = extras;
  if (level !== undefined && budget !== undefined) {
    return traits.thinking === 'level'
      ? { thinkingLevel: level as ThinkingConfig['thinkingLevel'] }
      : { thinkingBudget: budget };
  }
  if (level !== undefined) return { thinkingLevel: level as ThinkingConfig['thinkingLevel'] };
  if (budget !== undefined) return { thinkingBudget: budget };
  if (request.reasoning_effort) return thinkingForEffort(request.reasoning_effort, traits);
  return undefined;
}
