import type { Candidate, GenerateContentResponse, Part, UsageMetadata } from '../../gemini/types.js';
import { describeBlockedPrompt, describeStop } from '../openai/fromGeminiResponse.js';
import { randomToolCallId } from '../openai/toChatToolCall.js';
import type { ThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import { groundingToOutput, type GroundingMetadata } from './groundingToOutput.js';
import { encodeReasoningCarrier } from './reasoningCarrier.js';
import { toResponseEnd } from './responseStatus.js';
import { toResponseUsage } from './toResponseUsage.js';
import { randomHex } from '../../util/ids.js';
import type {
  FunctionCallItem,
  OutputMessage,
  OutputText,
  ReasoningItem,
  ResponseObject,
  ResponseSettings,
  ResponseStreamEvent,
  WebSearchCallItem,
} from './types.js';

/** An event before the translator numbers it. */
export type UnnumberedEvent = ResponseStreamEvent extends infer E
  ? E extends unknown
    ? Omit<E, 'sequence_number'>
    : never
  : never;

export type ItemIdPrefix = 'msg' | 'rs' | 'fc' | 'ws';

export interface ResponsesStreamOptions {
  /** `resp_...`, chosen by the route so logs, the store and the client agree. */
  id: string;
  /** Unix seconds. */
  createdAt: number;
  /** The request's settings, echoed on every Response snapshot (responseSettings.ts). */
  settings: ResponseSettings;
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

interface OpenMessage {
  kind: 'message';
  index: number;
  item: OutputMessage;
  part: OutputText;
}

interface OpenReasoning {
  kind: 'reasoning';
  index: number;
  item: ReasoningItem;
  summary: string;
  summaryOpen: boolean;
  signatures: Map<string, string>;
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
 * 4. each function call -> a `function_call` item: `output_item.added`, one
 *    `function_call_arguments.delta` with the whole JSON (Gemini sends calls whole), `…done`,
 *    `output_item.done`. A call's thought signature goes, by call_id, into the `encrypted_content` of
 *    the reasoning item right before it (the open one, or a new one without summary), so that a
 *    stateless client sends it back (reasoningCarrier.ts);
 * 5. at the end: a `web_search_call` item and `url_citation` annotations when Gemini grounded the
 *    answer (groundingToOutput.ts), then `response.completed` or `response.incomplete` with the
 *    whole Response and its usage.
 *
 * An item is closed when the next kind of output begins; one kind never interleaves with another.
 * Only candidate 0 is read (the Responses API has no `n`). A blocked prompt, or a policy stop before
 * any output, becomes a message with a `refusal` part and an incomplete Response. With
 * `parallel_tool_calls: false` only the first call is passed on, as in the chat dialect.
 */
export function createResponsesStreamTranslator(options: ResponsesStreamOptions): ResponsesStreamTranslator {
  const newItemId = options.newItemId ?? ((prefix: ItemIdPrefix) => `${prefix}_${randomHex(16)}`);
  const newCallId = options.newCallId ?? randomToolCallId;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
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
  const calls: Array<[string, string]> = [];
  let sequence = 0;
  let started = false;
  let open: OpenMessage | OpenReasoning | undefined;
  let ending: Parameters<typeof toResponseEnd>[0] | undefined;
  let stoppedCandidate: Candidate | undefined;
  let visibleOutput = false;
  let lastUsage: UsageMetadata | undefined;
  let grounding: GroundingMetadata | undefined;
  let answerText = '';
  let lastMessage: OpenMessage | undefined;
  let done = false;

  const out: ResponseStreamEvent[] = [];
  // Events carry copies of what they describe: items keep changing after an event about them went out.
  const emit = (event: UnnumberedEvent) => {
    const numbered: Record<string, unknown> = { ...event, sequence_number: sequence++ };
    for (const key of ['item', 'part', 'response', 'annotation']) {
      if (key in numbered) numbered[key] = structuredClone(numbered[key]);
    }
    out.push(numbered as unknown as ResponseStreamEvent);
  };
  const drain = () => out.splice(0, out.length);

  const begin = () => {
    if (started) return;
    started = true;
    emit({ type: 'response.created', response });
    emit({ type: 'response.in_progress', response });
  };

  const addItem = <T extends ResponseObject['output'][number]>(item: T): number => {
    const index = response.output.length;
    response.output.push(item);
    emit({ type: 'response.output_item.added', output_index: index, item });
    return index;
  };

  const close = (status: 'completed' | 'incomplete' = 'completed') => {
    if (!open) return;
    const current = open;
    open = undefined;
    if (current.kind === 'message') {
      const { item, index, part } = current;
      emit({
        type: 'response.output_text.done',
        item_id: item.id,
        output_index: index,
        content_index: 0,
        text: part.text,
        logprobs: [],
      });
      emit({
        type: 'response.content_part.done',
        item_id: item.id,
        output_index: index,
        content_index: 0,
        part,
      });
      item.status = status;
      emit({ type: 'response.output_item.done', output_index: index, item });
      return;
    }
    const { item, index } = current;
    if (current.summaryOpen) {
      const part = { type: 'summary_text' as const, text: current.summary };
      emit({
        type: 'response.reasoning_summary_text.done',
        item_id: item.id,
        output_index: index,
        summary_index: 0,
        text: current.summary,
      });
      emit({
        type: 'response.reasoning_summary_part.done',
        item_id: item.id,
        output_index: index,
        summary_index: 0,
        part,
      });
      item.summary = [part];
    }
    item.encrypted_content = encodeReasoningCarrier(current.signatures);
    item.status = status;
    emit({ type: 'response.output_item.done', output_index: index, item });
  };

  const openReasoning = (): OpenReasoning => {
    if (open?.kind === 'reasoning') return open;
    close();
    const item: ReasoningItem = {
      type: 'reasoning',
      id: newItemId('rs'),
      summary: [],
      encrypted_content: null,
      status: 'in_progress',
    };
    const reasoning: OpenReasoning = {
      kind: 'reasoning',
      index: addItem(item),
      item,
      summary: '',
      summaryOpen: false,
      signatures: new Map(),
    };
    open = reasoning;
    return reasoning;
  };

  const openMessage = (): OpenMessage => {
    if (open?.kind === 'message') return open;
    close();
    const part: OutputText = { type: 'output_text', text: '', annotations: [], logprobs: [] };
    const item: OutputMessage = {
      type: 'message',
      id: newItemId('msg'),
      status: 'in_progress',
      role: 'assistant',
      content: [],
    };
    const index = addItem(item);
    item.content.push(part);
    emit({
      type: 'response.content_part.added',
      item_id: item.id,
      output_index: index,
      content_index: 0,
      part,
    });
    const message: OpenMessage = { kind: 'message', index, item, part };
    open = message;
    lastMessage = message;
    return message;
  };

  const thought = (text: string) => {
    const reasoning = openReasoning();
    const { item, index } = reasoning;
    if (!reasoning.summaryOpen) {
      reasoning.summaryOpen = true;
      item.summary.push({ type: 'summary_text', text: '' });
      emit({
        type: 'response.reasoning_summary_part.added',
        item_id: item.id,
        output_index: index,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      });
    }
    reasoning.summary += text;
    item.summary[0]!.text = reasoning.summary;
    emit({
      type: 'response.reasoning_summary_text.delta',
      item_id: item.id,
      output_index: index,
      summary_index: 0,
      delta: text,
    });
  };

  const visibleText = (text: string) => {
    const message = openMessage();
    message.part.text += text;
    answerText += text;
    visibleOutput = true;
    emit({
      type: 'response.output_text.delta',
      item_id: message.item.id,
      output_index: message.index,
      content_index: 0,
      delta: text,
      logprobs: [],
    });
  };

  const functionCall = (part: Part & { functionCall: NonNullable<Part['functionCall']> }) => {
    if (options.settings.parallel_tool_calls === false && calls.length > 0) return;
    const callId = part.functionCall.id || newCallId();
    if (part.thoughtSignature) {
      options.signatures?.remember(callId, part.thoughtSignature);
      openReasoning().signatures.set(callId, part.thoughtSignature);
    }
    close();
    const args = JSON.stringify(part.functionCall.args ?? {});
    const item: FunctionCallItem = {
      type: 'function_call',
      id: newItemId('fc'),
      call_id: callId,
      name: part.functionCall.name,
      arguments: '',
      status: 'in_progress',
    };
    const index = addItem(item);
    item.arguments = args;
    emit({
      type: 'response.function_call_arguments.delta',
      item_id: item.id,
      output_index: index,
      delta: args,
    });
    emit({
      type: 'response.function_call_arguments.done',
      item_id: item.id,
      output_index: index,
      name: item.name,
      arguments: args,
    });
    item.status = 'completed';
    emit({ type: 'response.output_item.done', output_index: index, item });
    calls.push([callId, item.name]);
    visibleOutput = true;
  };

  /** A policy stop with nothing to show: say why, as a refusal, the way OpenAI reports one. */
  const refusal = (text: string) => {
    close();
    const item: OutputMessage = {
      type: 'message',
      id: newItemId('msg'),
      status: 'in_progress',
      role: 'assistant',
      content: [],
    };
    const index = addItem(item);
    const part = { type: 'refusal' as const, refusal: '' };
    item.content.push(part);
    emit({
      type: 'response.content_part.added',
      item_id: item.id,
      output_index: index,
      content_index: 0,
      part,
    });
    part.refusal = text;
    emit({
      type: 'response.refusal.delta',
      item_id: item.id,
      output_index: index,
      content_index: 0,
      delta: text,
    });
    emit({
      type: 'response.refusal.done',
      item_id: item.id,
      output_index: index,
      content_index: 0,
      refusal: text,
    });
    emit({
      type: 'response.content_part.done',
      item_id: item.id,
      output_index: index,
      content_index: 0,
      part,
    });
    item.status = 'incomplete';
    emit({ type: 'response.output_item.done', output_index: index, item });
  };

  const webSearch = () => {
    const found = groundingToOutput(grounding, answerText, newItemId('ws'));
    if (!found) return;
    // Citations go on the answer while it is still open; they arrive with Gemini's last chunk.
    if (open?.kind === 'message' && open === lastMessage) {
      const { item, index, part } = open;
      for (const annotation of found.annotations) {
        part.annotations.push(annotation);
        emit({
          type: 'response.output_text.annotation.added',
          item_id: item.id,
          output_index: index,
          content_index: 0,
          annotation_index: part.annotations.length - 1,
          annotation,
        });
      }
    }
    close();
    const item: WebSearchCallItem = { ...found.call, status: 'in_progress' };
    const index = addItem(item);
    emit({ type: 'response.web_search_call.completed', item_id: item.id, output_index: index });
    item.status = 'completed';
    emit({ type: 'response.output_item.done', output_index: index, item });
  };

  return {
    start() {
      begin();
      return drain();
    },

    push(chunk) {
      begin();
      if (chunk.usageMetadata) lastUsage = chunk.usageMetadata;
      if (ending !== undefined) return drain(); // nothing may follow the end of the answer
      const candidates = chunk.candidates ?? [];
      const blockReason = chunk.promptFeedback?.blockReason;
      if (candidates.length === 0 && blockReason) {
        refusal(describeBlockedPrompt(blockReason));
        ending = 'PROMPT_BLOCKED';
        return drain();
      }
      const candidate = candidates.find((c) => (c.index ?? 0) === 0);
      if (!candidate) return drain();
      for (const part of candidate.content?.parts ?? []) {
        if (part.functionCall) functionCall({ ...part, functionCall: part.functionCall });
        else if (typeof part.text === 'string' && part.text !== '') {
          if (part.thought) thought(part.text);
          else visibleText(part.text);
        }
        // inlineData, executableCode, codeExecutionResult: the Responses API has no item for them.
      }
      if (candidate['groundingMetadata']) grounding = candidate['groundingMetadata'] as GroundingMetadata;
      if (candidate.finishReason) {
        ending = candidate.finishReason;
        stoppedCandidate = candidate;
      }
      return drain();
    },

    end(usage) {
      if (ending === undefined || done) return drain();
      begin();
      done = true;
      webSearch();
      const end = toResponseEnd(ending);
      if (end.incomplete_details?.reason === 'content_filter' && !visibleOutput && stoppedCandidate) {
        refusal(describeStop(stoppedCandidate));
      }
      close(end.status === 'incomplete' ? 'incomplete' : 'completed');
      response.status = end.status;
      response.incomplete_details = end.incomplete_details;
      response.usage = toResponseUsage(usage ?? lastUsage);
      response.completed_at = now();
      emit({ type: end.status === 'completed' ? 'response.completed' : 'response.incomplete', response });
      return drain();
    },

    fail(error) {
      begin();
      if (done) return drain();
      done = true;
      close('incomplete');
      response.status = 'failed';
      response.error = { code: 'server_error', message: error.message };
      response.usage = lastUsage ? toResponseUsage(lastUsage) : null;
      emit({ type: 'response.failed', response });
      emit({ type: 'error', code: error.code, message: error.message, param: null });
      return drain();
    },

    get finished() {
      return ending !== undefined;
    },

    get response() {
      return response;
    },

    get calls() {
      return calls;
    },
  };
}
