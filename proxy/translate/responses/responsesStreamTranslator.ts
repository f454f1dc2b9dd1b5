import type { Candidate, GenerateContentResponse, Part, UsageMetadata } from '../../gemini/types.js';
import { describeBlockedPrompt, describeStop } from '../openai/fromGeminiResponse.js';
import { randomToolCallId } from '../openai/toChatToolCall.js';
import type { ThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import type { GroundingMetadata } from './groundingSpans.js';
import { groundingToOutput } from './groundingToOutput.js';
import { toResponseEnd } from './responseStatus.js';
import { toResponseUsage } from './toResponseUsage.js';
import { randomHex } from '../../util/ids.js';
import type { ResponseObject, ResponseSettings, ResponseStreamEvent } from './types.js';
import { ResponseEventLog, type ItemIdPrefix } from './stream/responseEventLog.js';
import {
  appendText,
  closeMessage,
  openMessage,
  writeRefusal,
  type OpenMessage,
} from './stream/messageItem.js';
import { appendSummary, closeReasoning, openReasoning, type OpenReasoning } from './stream/reasoningItem.js';
import { writeFunctionCall } from './stream/functionCallItem.js';
import { annotateAnswer, writeWebSearchCall } from './stream/webSearchItem.js';
import type { NamespacedFunction } from './namespacedFunctions.js';
import { isServerToolPart } from './reasoningCarrier.js';

export type { ItemIdPrefix, UnnumberedEvent } from './stream/responseEventLog.js';

export interface ResponsesStreamOptions {
  /** `resp_...`, chosen by the route so logs, the store and the client agree. */
  id: string;
  /** Unix seconds. */
  createdAt: number;
  /** The request's settings, echoed on every Response snapshot (responseSettings.ts). */
  settings: ResponseSettings;
  /** Functions of namespace tools by the name Gemini calls them (namespacedFunctions.ts). */
  namespaces?: ReadonlyMap<string, NamespacedFunction>;
  /** Remembers each call's thought signature by call_id, for clients that drop reasoning items. */
  signatures?: ThoughtSignatureStore;
  /** Injectable so fixtures are deterministic. */
  newItemId?: (prefix: ItemIdPrefix) => string;
  newCallId?: () => string;
  now?: () => number;
}

export interface ResponsesStreamTranslator {
  /** `response.created` and `response.in_progress`, once; `push` and `fail` start the stream themselves. */
  start(): ResponseStreamEvent[];
  /** One Gemini chunk in, the events it amounts to out (possibly none). */
  push(chunk: GenerateContentResponse): ResponseStreamEvent[];
  /**
   * After Gemini's stream ended with a finishReason: closes what is open and ends with
   * `response.completed` (or `response.incomplete` for a length or policy stop). `usage` is the
   * resume engine's answer usage; without it the last usageMetadata seen is used. Never invents an
   * ending: without a finishReason it returns nothing and `finished` stays false, and the caller
   * must `fail` instead.
   */
  end(usage?: UsageMetadata): ResponseStreamEvent[];
  /** `response.failed` with the output so far, then an `error` event (the openai SDK throws on it). */
  fail(error: { code: string | null; message: string }): ResponseStreamEvent[];
  /** Whether Gemini said how the answer ended (a finishReason or a blocked prompt). */
  readonly finished: boolean;
  /** The Response as it stands: the final one after `end`. */
  readonly response: ResponseObject;
  /** The function calls handed out, in order, as [call_id, name]. */
  readonly calls: ReadonlyArray<[string, string]>;
}

/**
 * Gemini `streamGenerateContent` chunks -> the Responses API's typed events, in the order OpenAI
 * sends them and the openai SDK's ResponseStream checks (node_modules/openai/lib/responses/ResponseStream.mjs,
 * internal/responses/response-accumulator.mjs):
 *
 * 1. `response.created`, `response.in_progress`: the Response with no output yet;
 * 2. thought parts -> a `reasoning` item: `output_item.added`, `reasoning_summary_part.added`,
 *    `reasoning_summary_text.delta`…, then `…text.done`, `…part.done`, `output_item.done`;
 * 3. text -> a `message` item: `output_item.added`, `content_part.added` (an empty `output_text`),
 *    `output_text.delta`…, then `output_text.done`, `content_part.done`, `output_item.done`;
 * 4. each function call -> a `function_call` item (a namespace tool's function: its own name and
 *    `namespace`, namespacedFunctions.ts): `output_item.added`, one
 *    `function_call_arguments.delta` with the whole JSON (Gemini sends calls whole), `…done`,
 *    `output_item.done`. A call's thought signature goes, by call_id, into the `encrypted_content` of
 *    the reasoning item right before it (the open one, or a new one without summary), so that a
 *    stateless client sends it back (reasoningCarrier.ts);
 * 5. Gemini's own tool calls and results (`toolCall` / `toolResponse` parts, with Google Search beside
 *    function tools) -> nothing the client sees: they go whole into the `encrypted_content` of the
 *    reasoning item open at that point (a new one without summary if none is), which therefore
 *    stands where they stood, so the model's turn can be rebuilt as Gemini sent it;
 * 6. at the end: a `web_search_call` item and `url_citation` annotations when Gemini grounded the
 *    answer (groundingToOutput.ts), then `response.completed` or `response.incomplete` with the
 *    whole Response and its usage.
 *
 * An item is closed when the next kind of output begins; one kind never interleaves with another.
 * Only candidate 0 is read (the Responses API has no `n`). A blocked prompt, or a policy stop before
 * any output, becomes a message with a `refusal` part and an incomplete Response. With
 * `parallel_tool_calls: false` only the first call is passed on, as in the chat dialect.
 */
export function createResponsesStreamTranslator(options: ResponsesStreamOptions): ResponsesStreamTranslator {
  return new StreamTranslator(options);
}

type Ending = Parameters<typeof toResponseEnd>[0];

class StreamTranslator implements ResponsesStreamTranslator {
  private readonly log: ResponseEventLog;
  private readonly newCallId: () => string;
  private readonly now: () => number;
  private readonly handedOut: Array<[string, string]> = [];
  private started = false;
  private done = false;
  /** The item being written; one kind of output never interleaves with another. */
  private open: OpenMessage | OpenReasoning | undefined;
  /** The last message opened: citations go on it while it is still open. */
  private lastMessage: OpenMessage | undefined;
  private ending: Ending | undefined;
  private stoppedCandidate: Candidate | undefined;
  private visibleOutput = false;
  private lastUsage: UsageMetadata | undefined;
  private grounding: GroundingMetadata | undefined;
  private answerText = '';

  constructor(private readonly options: ResponsesStreamOptions) {
    this.newCallId = options.newCallId ?? randomToolCallId;
    this.now = options.now ?? (() => Math.floor(Date.now() / 1000));
    const response: ResponseObject = {
      id: options.id,
      object: 'response',
      created_at: options.createdAt,
      status: 'in_progress',
      completed_at: null,
      background: false,
      error: null,
      incomplete_details: null,
      output: [],
      usage: null,
      ...options.settings,
    };
    this.log = new ResponseEventLog(
      response,
      options.newItemId ?? ((prefix: ItemIdPrefix) => `${prefix}_${randomHex(16)}`),
    );
  }

  get finished(): boolean {
    return this.ending !== undefined;
  }

  get response(): ResponseObject {
    return this.log.response;
  }

  get calls(): ReadonlyArray<[string, string]> {
    return this.handedOut;
  }

  start(): ResponseStreamEvent[] {
    this.begin();
    return this.log.drain();
  }

  push(chunk: GenerateContentResponse): ResponseStreamEvent[] {
    this.begin();
    if (chunk.usageMetadata) this.lastUsage = chunk.usageMetadata;
    if (this.ending !== undefined) return this.log.drain(); // nothing may follow the end of the answer
    const candidates = chunk.candidates ?? [];
    const blockReason = chunk.promptFeedback?.blockReason;
    if (candidates.length === 0 && blockReason) {
      this.close();
      writeRefusal(this.log, describeBlockedPrompt(blockReason));
      this.ending = 'PROMPT_BLOCKED';
      return this.log.drain();
    }
    const candidate = candidates.find((c) => (c.index ?? 0) === 0);
    if (!candidate) return this.log.drain();
    for (const part of candidate.content?.parts ?? []) {
      if (part.functionCall) this.functionCall({ ...part, functionCall: part.functionCall });
      else if (isServerToolPart(part)) this.reasoning().serverParts.push(part);
      else if (typeof part.text === 'string' && part.text !== '') {
        if (part.thought) appendSummary(this.log, this.reasoning(), part.text);
        else this.visibleText(part.text);
      }
      // inlineData, executableCode, codeExecutionResult: the Responses API has no item for them.
    }
    if (candidate['groundingMetadata']) this.grounding = candidate['groundingMetadata'] as GroundingMetadata;
    if (candidate.finishReason) {
      this.ending = candidate.finishReason;
      this.stoppedCandidate = candidate;
    }
    return this.log.drain();
  }

  end(usage?: UsageMetadata): ResponseStreamEvent[] {
    if (this.ending === undefined || this.done) return this.log.drain();
    this.begin();
    this.done = true;
    this.webSearch();
    const end = toResponseEnd(this.ending);
    if (end.incomplete_details?.reason === 'content_filter' && !this.visibleOutput && this.stoppedCandidate) {
      this.close();
      writeRefusal(this.log, describeStop(this.stoppedCandidate));
    }
    this.close(end.status === 'incomplete' ? 'incomplete' : 'completed');
    const response = this.log.response;
    response.status = end.status;
    response.incomplete_details = end.incomplete_details;
    response.usage = toResponseUsage(usage ?? this.lastUsage);
    response.completed_at = this.now();
    this.log.emit({
      type: end.status === 'completed' ? 'response.completed' : 'response.incomplete',
      response,
    });
    return this.log.drain();
  }

  fail(error: { code: string | null; message: string }): ResponseStreamEvent[] {
    this.begin();
    if (this.done) return this.log.drain();
    this.done = true;
    this.close('incomplete');
    const response = this.log.response;
    response.status = 'failed';
    response.error = { code: 'server_error', message: error.message };
    response.usage = this.lastUsage ? toResponseUsage(this.lastUsage) : null;
    this.log.emit({ type: 'response.failed', response });
    this.log.emit({ type: 'error', code: error.code, message: error.message, param: null });
    return this.log.drain();
  }

  private begin(): void {
    if (this.started) return;
    this.started = true;
    this.log.emit({ type: 'response.created', response: this.log.response });
    this.log.emit({ type: 'response.in_progress', response: this.log.response });
  }

  private close(status: 'completed' | 'incomplete' = 'completed'): void {
    const current = this.open;
    this.open = undefined;
    if (current?.kind === 'message') closeMessage(this.log, current, status);
    else if (current?.kind === 'reasoning') closeReasoning(this.log, current, status);
  }

  private reasoning(): OpenReasoning {
    if (this.open?.kind === 'reasoning') return this.open;
    this.close();
    this.open = openReasoning(this.log);
    return this.open;
  }

  private visibleText(text: string): void {
    if (this.open?.kind !== 'message') {
      this.close();
      this.open = this.lastMessage = openMessage(this.log);
    }
    appendText(this.log, this.open, text);
    this.answerText += text;
    this.visibleOutput = true;
  }

  private functionCall(part: Part & { functionCall: NonNullable<Part['functionCall']> }): void {
    if (this.options.settings.parallel_tool_calls === false && this.handedOut.length > 0) return;
    const callId = part.functionCall.id || this.newCallId();
    if (part.thoughtSignature) {
      this.options.signatures?.remember(callId, part.thoughtSignature);
      this.reasoning().signatures.set(callId, part.thoughtSignature);
    }
    this.close();
    const geminiName = part.functionCall.name;
    const namespaced = this.options.namespaces?.get(geminiName);
    writeFunctionCall(this.log, {
      callId,
      name: namespaced?.name ?? geminiName,
      namespace: namespaced?.namespace,
      arguments: JSON.stringify(part.functionCall.args ?? {}),
    });
    // By Gemini's name: a function_call_output names its function to Gemini by it.
    this.handedOut.push([callId, geminiName]);
    this.visibleOutput = true;
  }

  private webSearch(): void {
    const found = groundingToOutput(this.grounding, this.answerText, this.log.newItemId('ws'));
    if (!found) return;
    // Citations go on the answer while it is still open; they arrive with Gemini's last chunk.
    if (this.open?.kind === 'message' && this.open === this.lastMessage) {
      annotateAnswer(this.log, this.open, found.annotations);
    }
    this.close();
    writeWebSearchCall(this.log, found.call);
  }
}
