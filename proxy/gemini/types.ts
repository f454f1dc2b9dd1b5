/**
 * The subset of Gemini's REST shapes that gemgate reads or writes.
 * Source: https://ai.google.dev/api/generate-content , https://ai.google.dev/api/caching#Content ,
 * https://ai.google.dev/api/embeddings , https://ai.google.dev/api/tokens , https://ai.google.dev/api/models .
 * Fields gemgate does not look at are carried through untouched (index signatures), so the native
 * dialect never drops something a newer client sends.
 */

export interface Blob {
  mimeType: string;
  data: string; // base64
}

export interface FileData {
  mimeType?: string;
  fileUri: string;
}

export interface FunctionCall {
  id?: string;
  name: string;
  args?: Record<string, unknown>;
}

export interface FunctionResponse {
  id?: string;
  name: string;
  response: Record<string, unknown>;
}

export interface Part {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: Blob;
  fileData?: FileData;
  functionCall?: FunctionCall;
  functionResponse?: FunctionResponse;
  executableCode?: { language: string; code: string };
  codeExecutionResult?: { outcome: string; output?: string };
  [extra: string]: unknown;
}

export type Role = 'user' | 'model' | 'function';

export interface Content {
  role?: Role | string;
  parts: Part[];
}

export interface FunctionDeclaration {
  name: string;
  description?: string;
  parameters?: Record<string, unknown>;
  parametersJsonSchema?: unknown;
  response?: Record<string, unknown>;
  responseJsonSchema?: unknown;
}

export interface Tool {
  functionDeclarations?: FunctionDeclaration[];
  googleSearch?: Record<string, unknown>;
  codeExecution?: Record<string, unknown>;
  urlContext?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface ToolConfig {
  functionCallingConfig?: {
    mode?: 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED' | 'MODE_UNSPECIFIED';
    allowedFunctionNames?: string[];
  };
  /**
   * Gemini 3: built-in tools (googleSearch) beside functionDeclarations in one request, the server's
   * tool calls shown as toolCall/toolResponse parts (https://ai.google.dev/gemini-api/docs/tool-combination).
   */
  includeServerSideToolInvocations?: boolean;
}

export interface ThinkingConfig {
  includeThoughts?: boolean;
  thinkingBudget?: number;
  thinkingLevel?: 'minimal' | 'low' | 'medium' | 'high' | 'MINIMAL' | 'LOW' | 'MEDIUM' | 'HIGH';
}

export interface GenerationConfig {
  stopSequences?: string[];
  responseMimeType?: string;
  responseSchema?: unknown;
  responseJsonSchema?: unknown;
  candidateCount?: number;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseLogprobs?: boolean;
  logprobs?: number;
  thinkingConfig?: ThinkingConfig;
  responseModalities?: string[];
  [extra: string]: unknown;
}

export interface SafetySetting {
  category: string;
  threshold: string;
}

export interface GenerateContentRequest {
  contents: Content[];
  systemInstruction?: Content;
  tools?: Tool[];
  toolConfig?: ToolConfig;
  safetySettings?: SafetySetting[];
  generationConfig?: GenerationConfig;
  cachedContent?: string;
  [extra: string]: unknown;
}

/** https://ai.google.dev/api/generate-content#FinishReason */
export type FinishReason =
  | 'FINISH_REASON_UNSPECIFIED'
  | 'STOP'
  | 'MAX_TOKENS'
  | 'SAFETY'
  | 'RECITATION'
  | 'LANGUAGE'
  | 'OTHER'
  | 'BLOCKLIST'
  | 'PROHIBITED_CONTENT'
  | 'SPII'
  | 'MALFORMED_FUNCTION_CALL'
  | 'IMAGE_SAFETY'
  | 'IMAGE_PROHIBITED_CONTENT'
  | 'IMAGE_OTHER'
  | 'NO_IMAGE'
  | 'IMAGE_RECITATION'
  | 'UNEXPECTED_TOOL_CALL'
  | 'TOO_MANY_TOOL_CALLS'
  | (string & {});

export interface SafetyRating {
  category: string;
  probability: string;
  blocked?: boolean;
}

export interface Candidate {
  content?: Content;
  finishReason?: FinishReason;
  finishMessage?: string;
  safetyRatings?: SafetyRating[];
  index?: number;
  [extra: string]: unknown;
}

/** https://ai.google.dev/api/generate-content#UsageMetadata */
export interface UsageMetadata {
  promptTokenCount?: number;
  cachedContentTokenCount?: number;
  candidatesTokenCount?: number;
  toolUsePromptTokenCount?: number;
  thoughtsTokenCount?: number;
  totalTokenCount?: number;
  /** Output tokens by modality (TEXT, IMAGE, AUDIO): how image and speech output is told apart. */
  candidatesTokensDetails?: Array<{ modality?: string; tokenCount?: number }>;
  [extra: string]: unknown;
}

export interface PromptFeedback {
  blockReason?:
    | 'BLOCK_REASON_UNSPECIFIED'
    | 'SAFETY'
    | 'OTHER'
    | 'BLOCKLIST'
    | 'PROHIBITED_CONTENT'
    | 'IMAGE_SAFETY'
    | (string & {});
  safetyRatings?: SafetyRating[];
}

export interface GenerateContentResponse {
  candidates?: Candidate[];
  promptFeedback?: PromptFeedback;
  usageMetadata?: UsageMetadata;
  modelVersion?: string;
  responseId?: string;
  [extra: string]: unknown;
}

export interface CountTokensRequest {
  contents?: Content[];
  generateContentRequest?: GenerateContentRequest & { model?: string };
}

export interface CountTokensResponse {
  totalTokens: number;
  cachedContentTokenCount?: number;
  promptTokensDetails?: Array<{ modality: string; tokenCount: number }>;
}

export interface EmbedContentRequest {
  model?: string;
  content: Content;
  taskType?: string;
  title?: string;
  outputDimensionality?: number;
}

export interface EmbedContentResponse {
  embedding: { values: number[] };
}

export interface BatchEmbedContentsRequest {
  requests: EmbedContentRequest[];
}

export interface BatchEmbedContentsResponse {
  embeddings: Array<{ values: number[] }>;
}

/** https://ai.google.dev/api/models#Model */
export interface GeminiModel {
  name: string;
  baseModelId?: string;
  version?: string;
  displayName?: string;
  description?: string;
  inputTokenLimit?: number;
  outputTokenLimit?: number;
  supportedGenerationMethods?: string[];
  thinking?: boolean;
  temperature?: number;
  maxTemperature?: number;
  topP?: number;
  topK?: number;
}

export interface ListModelsResponse {
  models: GeminiModel[];
  nextPageToken?: string;
}

/**
 * Google's error envelope (https://cloud.google.com/apis/design/errors#http_mapping), with the
 * detail types gemgate reads: ErrorInfo, QuotaFailure, RetryInfo, Help, LocalizedMessage.
 */
export interface GoogleErrorDetail {
  '@type': string;
  reason?: string;
  domain?: string;
  metadata?: Record<string, string>;
  violations?: Array<{
    quotaMetric?: string;
    quotaId?: string;
    quotaDimensions?: Record<string, string>;
    quotaValue?: string;
  }>;
  retryDelay?: string;
  [extra: string]: unknown;
}

export interface GoogleErrorBody {
  error: {
    code: number;
    message: string;
    status: string;
    details?: GoogleErrorDetail[];
  };
}
