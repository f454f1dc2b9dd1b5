import type { IncomingHttpHeaders } from 'node:http';
import type { FinishReason, GenerateContentRequest, GoogleErrorBody } from '../../proxy/gemini/types.js';

/** The emulator's public types: what tests (and gemgate's tests) program it with and read back. */

export type ApiVersion = 'v1' | 'v1beta';

export type KeyState = 'valid' | 'invalid' | 'suspended' | 'service-disabled' | 'leaked';

export interface RecordedRequest {
  method: string;
  /** URL path without the query, e.g. /v1beta/models/gemini-2.5-flash:streamGenerateContent */
  path: string;
  /** Absent only for paths outside /v1 and /v1beta (which Gemini answers with a 404 page). */
  apiVersion?: ApiVersion;
  /** Model id without the "models/" prefix; for interactions.create, the body's model or agent. */
  model?: string;
  /**
   * generateContent, streamGenerateContent, countTokens, embedContent, batchEmbedContents, predict,
   * predictLongRunning, get, list, operation; files.upload (every request of an upload), files.get,
   * files.list, files.delete, files.download; cachedContents.create, .get, .list, .patch, .delete;
   * interactions.create, .get, .delete, .cancel.
   */
  action?: string;
  apiKey?: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  /** Date.now() (or the injected clock) when the request arrived. */
  at: number;
  /**
   * How the response ended: sent to the end, or the caller closed the connection first (also the
   * case when a fault destroyed the socket). Absent while the response is still going.
   */
  ended?: 'finished' | 'caller-closed';
}

export interface ScriptedAnswer {
  /** Visible answer text; when absent the default text is used (unless functionCalls or blockReason). */
  text?: string;
  /** Thought summary returned with includeThoughts (and counted in thoughtsTokenCount). */
  thoughts?: string;
  /** Returned as functionCall parts when the request declares functions. */
  functionCalls?: { name: string; args?: Record<string, unknown> }[];
  finishReason?: FinishReason;
  /** HTTP 200 with promptFeedback.blockReason and no candidates. */
  blockReason?: string;
  /**
   * Grounding with Google Search: returned as `candidates[0].groundingMetadata` (grounding.ts) when
   * the request has a `googleSearch` tool, on the candidate of a whole answer and on the last frame
   * of a stream (the one with the finishReason); with function calls too. On Gemini 3 with function
   * declarations and `includeServerSideToolInvocations`, also as `toolCall` / `toolResponse` parts
   * before the others (tool combination, grounding.ts).
   */
  grounding?: ScriptedGrounding;
}

/** What a grounded answer searched for and found (ScriptedAnswer.grounding). */
export interface ScriptedGrounding {
  /** `webSearchQueries`. */
  queries: string[];
  /** `groundingChunks[].web`; Gemini's uris are vertexaisearch.cloud.google.com redirects. */
  sources: { uri: string; title: string }[];
  /**
   * `groundingSupports`: a piece of the answer's text (found in it, its byte offsets computed) and the
   * indexes in `sources` behind it. Default: the whole answer, backed by every source.
   */
  supports?: { text: string; sources: number[] }[];
}

export type AnswerMatch = string | RegExp | ((req: GenerateContentRequest) => boolean);

/** What an error body built at answer time can depend on. */
export interface FaultContext {
  apiKey: string;
  projectId: string;
  model: string;
  apiVersion: ApiVersion;
}

export type ErrorBodySource = GoogleErrorBody | ((ctx: FaultContext) => GoogleErrorBody);

/**
 * One fault, consumed by one generateContent / streamGenerateContent attempt (or one interaction
 * create, filtered by its model or agent). "Characters" are the
 * visible answer's code points (thought parts are not counted).
 */
export type Fault =
  /** Answer with this status and body (a body appropriate to the status when omitted). */
  | { kind: 'http'; status: number; body?: ErrorBodySource }
  /**
   * Destroy the TCP socket once afterChars characters went out (mid-body when not streaming); with
   * afterMediaParts, once that many image or audio parts went out (streamed) instead.
   */
  | { kind: 'cut'; afterChars: number; afterMediaParts?: number }
  /**
   * After afterChars characters (or afterMediaParts image or audio parts), write the first half of
   * the next frame's bytes, then end cleanly.
   */
  | { kind: 'halfFrame'; afterChars: number; afterMediaParts?: number }
  /** After afterChars characters, end the response cleanly without any finishReason. */
  | { kind: 'endWithoutFinish'; afterChars: number }
  /** After afterChars characters, go silent for ms, then carry on normally. */
  | { kind: 'stall'; afterChars: number; ms: number }
  /** Wait ms before sending the status line and headers. */
  | { kind: 'delay'; ms: number }
  /** HTTP 200, finishReason STOP, no visible text (no parts at all). */
  | { kind: 'empty' }
  /** HTTP 200, thought parts only (when includeThoughts), then STOP: no visible text. */
  | { kind: 'thoughtOnly' }
  /** Stop with this finishReason, after afterChars characters (at the end when omitted). */
  | { kind: 'finish'; finishReason: FinishReason; afterChars?: number }
  /** HTTP 200 with promptFeedback.blockReason and no candidates. */
  | { kind: 'blockPrompt'; blockReason?: string }
  /** On a continuation, first repeat the last `chars` characters of what the model already said. */
  | { kind: 'repeatOverlap'; chars: number };

export interface FaultFilter {
  /** Only attempts made with this API key. */
  key?: string;
  /** Only attempts on this model (with or without the "models/" prefix). */
  model?: string;
}

export interface QuotaLimits {
  /** Applies to this project only; every project (each with its own counters) when omitted. */
  projectId?: string;
  /** Applies to this model only; every model (each with its own counters) when omitted. */
  model?: string;
  /** Requests per minute (fixed clock-minute windows). */
  rpm?: number;
  /** Requests per day (the day ends at midnight America/Los_Angeles). */
  rpd?: number;
  /** Input (prompt) tokens per minute. */
  tpm?: number;
}

export interface AddFileOptions {
  bytes?: Buffer;
  mimeType?: string;
  /** GENERATED files (a model's output) can be downloaded; UPLOADED ones cannot. */
  source?: 'UPLOADED' | 'GENERATED';
}

export interface EmulatorOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Code points per streamed text frame (default 24). */
  chunkChars?: number;
  /** Pause between streamed frames (default 0: one setImmediate turn). */
  chunkDelayMs?: number;
  /** Clock for quotas and RecordedRequest.at (default Date.now); lets tests cross minute and day windows. */
  now?: () => number;
  /** Serve the /__emulator/ control endpoints (for driving it by hand; main.ts turns this on). */
  control?: boolean;
  /** GETs that still find a background interaction in progress before it is done (default 1). */
  backgroundPolls?: number;
}

export interface Emulator {
  /** http://HOST:PORT — use as gemgate's upstream.baseUrl or the SDK's httpOptions.baseUrl. */
  url: string;
  /** Stops listening and destroys open sockets (and pending stalls). */
  close(): Promise<void>;
  /** Clears recorded requests, scripted answers, faults, key states, projects, quotas and counters. */
  reset(): void;
  /** Every call, in arrival order. */
  requests: RecordedRequest[];
  /** A fresh random well-formed key ("AIza" + 35 of [0-9A-Za-z_-]); valid and in its own project. */
  newKey(): string;
  setKeyState(key: string, state: KeyState): void;
  /** Keys in one project share quotas and thought signatures. */
  setProject(key: string, projectId: string): void;
  /**
   * A Files API file as if uploaded (or, with `source: 'GENERATED'`, generated by a model) with this
   * key: only keys of its project may use its URI. Returns the URI.
   */
  addFile(key: string, options?: AddFileOptions): string;
  setQuota(limits: QuotaLimits): void;
  /** Later answers win over earlier ones; a string matches the prompt exactly. */
  setAnswer(match: AnswerMatch, answer: ScriptedAnswer): void;
  /** The full visible text the emulator answers to this prompt (scripted or default). */
  expectedText(prompt: string): string;
  /** The full visible text for a whole request (JSON-schema answers, images, continuations included). */
  expectedAnswer(req: GenerateContentRequest, model?: string): string;
  /** FIFO: each generate attempt matching the filter consumes the next such fault. */
  injectFault(fault: Fault, filter?: FaultFilter): void;
  pendingFaults(): number;
}
