/**
 * The Responses API shapes gemgate *writes*: the Response object, its output items, usage and the
 * streamed events. What clients *send* is decided by the zod schema in responsesRequestSchema.ts.
 *
 * Written by hand from the `openai` SDK's own types (node_modules/openai/resources/responses/responses.d.ts:
 * Response, ResponseOutputMessage, ResponseOutputText, ResponseFunctionToolCall, ResponseReasoningItem,
 * ResponseFunctionWebSearch, ResponseUsage, ResponseStreamEvent and the event interfaces) and
 * https://platform.openai.com/docs/api-reference/responses , rather than imported: the SDK is a dev
 * dependency and the gateway must not depend on it.
 */

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface UrlCitation {
  type: 'url_citation';
  url: string;
  title: string;
  start_index: number;
  end_index: number;
}

export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: UrlCitation[];
  logprobs: [];
}

export interface OutputRefusal {
  type: 'refusal';
  refusal: string;
}

export interface OutputMessage {
  type: 'message';
  id: string;
  status: ItemStatus;
  role: 'assistant';
  content: Array<OutputText | OutputRefusal>;
}

export interface FunctionCallItem {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  /** The namespace tool the function belongs to; absent for a function declared on its own. */
  namespace?: string;
  arguments: string;
  status: ItemStatus;
}

export interface SummaryText {
  type: 'summary_text';
  text: string;
}

export interface ReasoningItem {
  type: 'reasoning';
  id: string;
  summary: SummaryText[];
  /** gemgate's carrier for Gemini's thought signatures (reasoningCarrier.ts); null when there are none. */
  encrypted_content: string | null;
  status?: ItemStatus;
}

export interface WebSearchCallItem {
  type: 'web_search_call';
  id: string;
  status: 'in_progress' | 'completed';
  action: {
    type: 'search';
    query?: string;
    queries?: string[];
    sources?: Array<{ type: 'url'; url: string }>;
  };
}

export type OutputItem = OutputMessage | FunctionCallItem | ReasoningItem | WebSearchCallItem;

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

export interface ResponseError {
  code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt';
  message: string;
}

/** The request's settings as a Response echoes them back (responseEnvelope.ts fills these). */
export interface ResponseSettings {
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  metadata: Record<string, string>;
  model: string;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: string | null };
  service_tier: 'default';
  store: boolean;
  temperature: number;
  text: { format: Record<string, unknown>; verbosity: string };
  tool_choice: unknown;
  tools: unknown[];
  top_logprobs: number;
  top_p: number;
  truncation: 'auto' | 'disabled';
  user: string | null;
}

export interface ResponseObject extends ResponseSettings {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  /** Unix seconds; set once the response is done (completed or incomplete). */
  completed_at: number | null;
  background: false;
  error: ResponseError | null;
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null;
  output: OutputItem[];
  usage: ResponseUsage | null;
}

interface Sequenced {
  sequence_number: number;
}

/** Events of the typed SSE stream, each sent as `event: <type>` + `data: <json>`. */
export type ResponseStreamEvent = Sequenced &
  (
    | { type: 'response.created' | 'response.in_progress'; response: ResponseObject }
    | {
        type: 'response.completed' | 'response.incomplete' | 'response.failed';
        response: ResponseObject;
      }
    | {
        type: 'response.output_item.added' | 'response.output_item.done';
        output_index: number;
        item: OutputItem;
      }
    | {
        type: 'response.content_part.added' | 'response.content_part.done';
        item_id: string;
        output_index: number;
        content_index: number;
        part: OutputText | OutputRefusal;
      }
    | {
        type: 'response.output_text.delta';
        item_id: string;
        output_index: number;
        content_index: number;
        delta: string;
        logprobs: [];
      }
    | {
        type: 'response.output_text.done';
        item_id: string;
        output_index: number;
        content_index: number;
        text: string;
        logprobs: [];
      }
    | {
        type: 'response.output_text.annotation.added';
        item_id: string;
        output_index: number;
        content_index: number;
        annotation_index: number;
        annotation: UrlCitation;
      }
    | {
        type: 'response.refusal.delta';
        item_id: string;
        output_index: number;
        content_index: number;
        delta: string;
      }
    | {
        type: 'response.refusal.done';
        item_id: string;
        output_index: number;
        content_index: number;
        refusal: string;
      }
    | {
        type: 'response.function_call_arguments.delta';
        item_id: string;
        output_index: number;
        delta: string;
      }
    | {
        type: 'response.function_call_arguments.done';
        item_id: string;
        output_index: number;
        name: string;
        arguments: string;
      }
    | {
        type: 'response.reasoning_summary_part.added' | 'response.reasoning_summary_part.done';
        item_id: string;
        output_index: number;
        summary_index: number;
        part: SummaryText;
      }
    | {
        type: 'response.reasoning_summary_text.delta';
        item_id: string;
        output_index: number;
        summary_index: number;
        delta: string;
      }
    | {
        type: 'response.reasoning_summary_text.done';
        item_id: string;
        output_index: number;
        summary_index: number;
        text: string;
      }
    | {
        type:
          | 'response.web_search_call.in_progress'
          | 'response.web_search_call.searching'
          | 'response.web_search_call.completed';
        item_id: string;
        output_index: number;
      }
    | { type: 'error'; code: string | null; message: string; param: string | null }
  );

/** The event types, for code that builds events generically. */
export type ResponseStreamEventType = ResponseStreamEvent['type'];
