/**
 * What gemgate sends in the Anthropic dialect: the Message, its content blocks and usage, the stream's
 * events, errors, token counts and the model list. Field for field as `@anthropic-ai/sdk` types them
 * (node_modules/@anthropic-ai/sdk/src/resources/messages/messages.ts: Message, ContentBlock, Usage,
 * MessageDeltaUsage, RawMessageStreamEvent, StopReason, RefusalStopDetails, MessageTokensCount;
 * resources/models.ts: ModelInfo; resources/shared.ts: ErrorResponse), leaving out the ones gemgate
 * never fills (`caller`, `container`, diagnostics). Citations and web search blocks report Gemini's
 * Google Search grounding (groundingToSearchBlocks.ts).
 */

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal';

export interface TextBlockOut {
  type: 'text';
  text: string;
  /** Only on an answer Gemini grounded in a web search. */
  citations?: WebSearchCitation[];
}

/** CitationsWebSearchResultLocation */
export interface WebSearchCitation {
  type: 'web_search_result_location';
  url: string;
  title: string | null;
  encrypted_index: string;
  cited_text: string;
}

/** ServerToolUseBlock of the web search tool */
export interface ServerToolUseBlockOut {
  type: 'server_tool_use';
  id: string;
  name: 'web_search';
  input: Record<string, unknown>;
}

/** WebSearchResultBlock */
export interface WebSearchResultOut {
  type: 'web_search_result';
  url: string;
  title: string;
  encrypted_content: string;
  page_age: string | null;
}

/** WebSearchToolResultBlock (its error form gemgate never sends) */
export interface WebSearchToolResultBlockOut {
  type: 'web_search_tool_result';
  tool_use_id: string;
  content: WebSearchResultOut[];
}

export interface ThinkingBlockOut {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface ToolUseBlockOut {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export type ContentBlockOut =
  TextBlockOut | ThinkingBlockOut | ToolUseBlockOut | ServerToolUseBlockOut | WebSearchToolResultBlockOut;

export interface MessageUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens_details?: { thinking_tokens: number };
  /** ServerToolUsage: only when Gemini searched the web. */
  server_tool_use?: { web_search_requests: number; web_fetch_requests: number };
}

export interface StopDetails {
  type: 'refusal';
  category: null;
  explanation: string | null;
}

export interface MessageObject {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlockOut[];
  stop_reason: StopReason | null;
  stop_sequence: string | null;
  stop_details: StopDetails | null;
  usage: MessageUsage;
}

export type BlockDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'signature_delta'; signature: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'citations_delta'; citation: WebSearchCitation };

/** The events of one content block, which both the stream and the whole answer are built from. */
export type BlockEvent =
  | { type: 'content_block_start'; index: number; content_block: ContentBlockOut }
  | { type: 'content_block_delta'; index: number; delta: BlockDelta }
  | { type: 'content_block_stop'; index: number };

export interface AnthropicErrorObject {
  type: string;
  message: string;
}

export type MessageStreamEvent =
  | { type: 'message_start'; message: MessageObject }
  | BlockEvent
  | {
      type: 'message_delta';
      delta: { stop_reason: StopReason; stop_sequence: string | null; stop_details: StopDetails | null };
      usage: MessageUsage;
    }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorObject };

export interface AnthropicModelInfo {
  type: 'model';
  id: string;
  display_name: string;
  created_at: string;
  max_input_tokens: number | null;
  max_tokens: number | null;
}

export interface AnthropicModelList {
  data: AnthropicModelInfo[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}
