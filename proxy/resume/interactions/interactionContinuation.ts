import { leastThinking, modelTraits } from '../../models/modelTraits.js';
import type { StepWire } from '../../upstream/interactions/interactionWire.js';
import {
  CONTINUE_INSTRUCTION,
  CONTINUE_JSON_INSTRUCTION,
  type ContinuationOptions,
  type ContinuationState,
} from '../gemini/continuation.js';

/** A create body, as the client sent it (after gemgate's own changes: the store policy, the head id). */
export type CreateInteractionBody = Record<string, unknown>;

/**
 * The next attempt at a cut stream, as a call to the Interactions API (docs/RESUME.md, "Gemini's
 * Interactions API"):
 *
 * | the client holds                                   | the next attempt                                         |
 * | -------------------------------------------------- | -------------------------------------------------------- |
 * | events of a background run, the last with an id    | `reattach`: GET the same interaction's stream after that event (Google kept running it) |
 * | answer text (a foreground run)                     | `create`: the original request with the text so far as a `model_output` step and a `user_input` step asking to continue |
 * | nothing it could build on                          | `create`: the original request again                     |
 */
export type InteractionNextCall =
  { kind: 'create'; body: CreateInteractionBody } | { kind: 'reattach'; id: string; lastEventId: string };

const CONTENT_TYPES = new Set(['text', 'image', 'audio', 'video', 'document']);

/** What the engine knows of the answer when it needs the next attempt. */
export interface InteractionSoFar {
  /** The client's interaction (the first attempt's). */
  id: string | undefined;
  /** The id of the last event the client got, when Google numbered them (background runs). */
  lastEventId: string | undefined;
  /** The answer text the client holds. */
  text: string;
}

/** The next attempt at a cut stream (the table above). */
export function nextInteractionCall(
  original: CreateInteractionBody,
  soFar: InteractionSoFar,
  state: Omit<ContinuationState, 'visibleSoFar'>,
  options: ContinuationOptions,
): InteractionNextCall {
  if (original.background === true && soFar.id !== undefined && soFar.lastEventId !== undefined) {
    return { kind: 'reattach', id: soFar.id, lastEventId: soFar.lastEventId };
  }
  if (soFar.text.length === 0) return { kind: 'create', body: { ...original, stream: true } };
  return {
    kind: 'create',
    body: interactionContinuation(original, { ...state, visibleSoFar: soFar.text }, options),
  };
}

/**
 * The original create body with what the client has already seen as the model's step and a user step
 * asking for the rest, as a new interaction (the same `previous_interaction_id`, so the same stored
 * conversation before it, in the same project). A `model_output` step the client's input ended with
 * (a prefill) is extended, not doubled.
 *
 * Not carried over as they are: `stream` is always on (the engine reads a stream); a JSON response
 * format would make the model start a new document, so the rest is asked for as raw text;
 * `generation_config.max_output_tokens` is the client's budget for the whole answer, so the
 * continuation gets what is left of it; and thinking, which by default is turned down to the least the
 * model takes (`resume.continuationThinking`), as continuation.ts explains.
 */
export function interactionContinuation(
  original: CreateInteractionBody,
  state: ContinuationState,
  options: ContinuationOptions,
): CreateInteractionBody {
  const steps = stepsOf(original.input);
  const last = steps.at(-1);
  if (last?.type === 'model_output') {
    steps[steps.length - 1] = { ...last, content: [...(last.content ?? []), text(state.visibleSoFar)] };
  } else {
    steps.push({ type: 'model_output', content: [text(state.visibleSoFar)] });
  }
  const structured = isStructured(original);
  steps.push({
    type: 'user_input',
    content: [text(structured ? CONTINUE_JSON_INSTRUCTION : CONTINUE_INSTRUCTION)],
  });
  const {
    response_format: _format,
    response_mime_type: _mime,
    ...rest
  } = original as CreateInteractionBody & { response_format?: unknown; response_mime_type?: unknown };
  const body: CreateInteractionBody = { ...(structured ? rest : original), input: steps, stream: true };
  const config = generationConfig(original.generation_config, state.outputTokensSoFar, options);
  if (config) body.generation_config = config;
  return body;
}

/** What is left of the client's output budget; 0 when it is spent; undefined when it set none. */
export function remainingInteractionTokens(
  original: CreateInteractionBody,
  outputTokensSoFar: number,
): number | undefined {
  const limit = (original.generation_config as { max_output_tokens?: unknown } | undefined)
    ?.max_output_tokens;
  return typeof limit === 'number' ? Math.max(0, limit - outputTokensSoFar) : undefined;
}

/** `input` (a string, a content block, content blocks, or steps) as a list of steps. */
export function stepsOf(input: unknown): StepWire[] {
  if (typeof input === 'string') return [{ type: 'user_input', content: [text(input)] }];
  const items = Array.isArray(input) ? input : input === undefined || input === null ? [] : [input];
  const isContent = (item: unknown) =>
    typeof item === 'object' && item !== null && CONTENT_TYPES.has(String((item as StepWire).type));
  if (items.length > 0 && items.every(isContent)) {
    return [{ type: 'user_input', content: items as StepWire['content'] }];
  }
  return items.map((item) => ({ ...(item as StepWire) }));
}

function text(value: string) {
  return { type: 'text', text: value };
}

function generationConfig(
  config: unknown,
  outputTokensSoFar: number,
  options: ContinuationOptions,
): Record<string, unknown> | undefined {
  const next: Record<string, unknown> =
    typeof config === 'object' && config !== null ? { ...(config as Record<string, unknown>) } : {};
  if (typeof next.max_output_tokens === 'number') {
    next.max_output_tokens = Math.max(1, next.max_output_tokens - outputTokensSoFar);
  }
  const least = options.thinking === 'least' ? leastThinking(modelTraits(options.model)) : undefined;
  // The Interactions API sets thinking by level only; a model thought of by budget keeps its setting.
  if (least?.thinkingLevel) next.thinking_level = least.thinkingLevel.toLowerCase();
  return Object.keys(next).length === 0 && config === undefined ? undefined : next;
}

function isStructured(body: CreateInteractionBody): boolean {
  const formats = Array.isArray(body.response_format) ? body.response_format : [body.response_format];
  const json = formats.some((format) => {
    const { mime_type: mime, schema } = (format ?? {}) as { mime_type?: unknown; schema?: unknown };
    return mime === 'application/json' || schema !== undefined;
  });
  return json || body.response_mime_type === 'application/json';
}
