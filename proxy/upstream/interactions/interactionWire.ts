/**
 * What Gemini's Interactions API sends, as far as gemgate reads it. Events and interactions are relayed
 * as Google wrote them, so these types name only the fields gemgate looks at and keep the rest. Shapes:
 * @google/genai 3.6.1 (dist/genai.d.ts: `Interaction`, `InteractionSSEEvent`, `Step`, `StepDelta`,
 * `Usage`, `ErrorT`) and ai.google.dev/gemini-api/docs/interactions (the May 2026 `steps` schema).
 */

/** `Usage`: token counts of one interaction (modalities in lower case). */
export interface InteractionUsageWire {
  total_input_tokens?: number;
  input_tokens_by_modality?: ModalityTokensWire[];
  total_cached_tokens?: number;
  cached_tokens_by_modality?: ModalityTokensWire[];
  total_output_tokens?: number;
  output_tokens_by_modality?: ModalityTokensWire[];
  total_thought_tokens?: number;
  total_tool_use_tokens?: number;
  tool_use_tokens_by_modality?: ModalityTokensWire[];
  total_tokens?: number;
  [field: string]: unknown;
}

export interface ModalityTokensWire {
  modality?: string;
  tokens?: number;
}

/** A content block (`TextContent`, `ImageContent`, …). */
export interface ContentBlockWire {
  type: string;
  text?: string;
  [field: string]: unknown;
}

/** A step: `user_input`, `model_output`, `thought`, `function_call`, `function_result`, tool steps. */
export interface StepWire {
  type: string;
  content?: ContentBlockWire[];
  [field: string]: unknown;
}

/** The Interaction resource, whole or as a lifecycle event carries it (then without steps). */
export interface InteractionWire {
  id: string;
  status: string;
  model?: string;
  agent?: string;
  created?: string;
  updated?: string;
  previous_interaction_id?: string;
  steps?: StepWire[];
  usage?: InteractionUsageWire;
  [field: string]: unknown;
}

/** `StepDelta.delta`: `{type: "text", text}`, `thought_summary`, `thought_signature`, `arguments_delta`, … */
export interface StepDeltaWire {
  type: string;
  text?: string;
  [field: string]: unknown;
}

/** One event of a stream (`InteractionSSEEvent`), discriminated by `event_type`. */
export interface InteractionEventWire {
  event_type: string;
  /** `interaction.created`, `interaction.completed`. */
  interaction?: InteractionWire;
  /** `interaction.status_update`. */
  interaction_id?: string;
  status?: string;
  /** `interaction.status_update`, `step.stop`: usage so far. */
  usage?: InteractionUsageWire;
  /** `step.start`, `step.delta`, `step.stop`. */
  index?: number;
  step?: StepWire;
  delta?: StepDeltaWire;
  /** `error`. */
  error?: InteractionErrorWire['error'];
  event_id?: string;
  [field: string]: unknown;
}

/**
 * An error, in the Interactions service's envelope (`{error: {code: "not_found", message}}`, `ErrorT`
 * of the SDK) or Google's front end's (`google.rpc.Status`: numeric `code`, `status`, `details`).
 */
export interface InteractionErrorWire {
  error: { code?: string | number; message?: string; status?: string; [field: string]: unknown };
}

/** Statuses an interaction ends in (`InteractionStatus` of the SDK) beside `in_progress`/`queued`. */
export const FINAL_STATUSES = new Set([
  'completed',
  'requires_action',
  'failed',
  'cancelled',
  'incomplete',
  'budget_exceeded',
  'requires_continuation',
  'idle',
]);

export function isInteractionErrorBody(value: unknown): value is InteractionErrorWire {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const error = (value as { error?: unknown }).error;
  return typeof error === 'object' && error !== null && !Array.isArray(error);
}
