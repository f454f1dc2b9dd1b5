import type { Content, GenerateContentRequest, GenerationConfig } from '../../gemini/types.js';
import { leastThinking, modelTraits } from '../../models/modelTraits.js';

/**
 * The user turn that asks for the rest. Plain and explicit: continue from the exact character, no
 * repetition, no preamble. Nothing in it hides from or works around the model's safety systems.
 */
export const CONTINUE_INSTRUCTION =
  'Your previous message was cut off by a network error. Continue it from exactly where it stopped, ' +
  'mid-word or mid-sentence if need be. Do not repeat any of it, do not summarise it, and do not add any preamble.';

/** For structured output the rest must be raw text that completes the same JSON document. */
export const CONTINUE_JSON_INSTRUCTION =
  `${CONTINUE_INSTRUCTION} Your previous message is a JSON document that was cut off: output only the remaining ` +
  'characters that complete it, with no code fence and nothing before or after.';

export interface ContinuationState {
  /** What the client has already seen of the answer. */
  visibleSoFar: string;
  /** Output tokens the answer has used so far, over every attempt. */
  outputTokensSoFar: number;
}

/**
 * How much a continuation thinks (setting `resume.continuationThinking`): `least` is the least the
 * model accepts, `same` is what the client asked for.
 */
export type ContinuationThinking = 'least' | 'same';

export interface ContinuationOptions {
  model: string;
  thinking: ContinuationThinking;
}

/**
 * The original request plus what the client has already seen, as the model's turn, and a user turn
 * asking to continue. It ends with a user turn because newer models refuse requests that end with
 * the model's. A prefilled model turn at the end of the original request is extended, not doubled.
 *
 * Three settings are not carried over as they are: a response schema would make the model start a
 * new JSON document rather than finish the cut one, so the continuation asks for the remaining raw
 * text instead; `maxOutputTokens` is the client's budget for the whole answer, so the continuation
 * gets what is left of it; and thinking (see continuationThinking).
 */
export function continuationRequest(
  original: GenerateContentRequest,
  state: ContinuationState,
  options: ContinuationOptions,
): GenerateContentRequest {
  const contents: Content[] = original.contents.map((content) => ({ ...content, parts: [...content.parts] }));
  const last = contents[contents.length - 1];
  if (last?.role === 'model') {
    last.parts.push({ text: state.visibleSoFar });
  } else {
    contents.push({ role: 'model', parts: [{ text: state.visibleSoFar }] });
  }
  const structured = isStructured(original.generationConfig);
  contents.push({
    role: 'user',
    parts: [{ text: structured ? CONTINUE_JSON_INSTRUCTION : CONTINUE_INSTRUCTION }],
  });
  const generationConfig = continuationThinking(
    continuationConfig(original.generationConfig, state.outputTokensSoFar),
    options,
  );
  return { ...original, contents, ...(generationConfig ? { generationConfig } : {}) };
}

/** What is left of the client's output budget; 0 when it is spent (the answer is then finished). */
export function remainingOutputTokens(
  original: GenerateContentRequest,
  outputTokensSoFar: number,
): number | undefined {
  const limit = original.generationConfig?.maxOutputTokens;
  return limit === undefined ? undefined : Math.max(0, limit - outputTokensSoFar);
}

function continuationConfig(
  config: GenerationConfig | undefined,
  outputTokensSoFar: number,
): GenerationConfig | undefined {
  if (!config) return undefined;
  const { responseSchema: _schema, responseJsonSchema: _jsonSchema, ...rest } = config;
  const next: GenerationConfig = { ...rest };
  if (isStructured(config)) delete next.responseMimeType;
  if (config.maxOutputTokens !== undefined)
    next.maxOutputTokens = Math.max(1, config.maxOutputTokens - outputTokensSoFar);
  return next;
}

/**
 * The model did its reasoning before the cut; a continuation only has to finish writing. Thinking
 * again at the client's setting bills the thought tokens a second time and leaves the client's
 * stream silent for as long as the model thinks (tens of seconds on 2.5 Pro), in the middle of an
 * answer. So by default a continuation thinks as little as the model accepts; the client's
 * includeThoughts stays (thoughts after the answer began are not shown anyway).
 */
function continuationThinking(
  config: GenerationConfig | undefined,
  options: ContinuationOptions,
): GenerationConfig | undefined {
  // Image models (gemini-3-pro-image-preview) think their own way; their settings are not touched.
  const imageModel = /-image\b/.test(options.model);
  const least =
    options.thinking === 'least' && !imageModel ? leastThinking(modelTraits(options.model)) : undefined;
  if (!least) return config;
  // Exactly one of level and budget: Gemini answers 400 to both.
  const { thinkingLevel: _level, thinkingBudget: _budget, ...kept } = config?.thinkingConfig ?? {};
  return { ...config, thinkingConfig: { ...kept, ...least } };
}

function isStructured(config: GenerationConfig | undefined): boolean {
  return Boolean(
    config &&
    (config.responseSchema || config.responseJsonSchema || config.responseMimeType === 'application/json'),
  );
}
