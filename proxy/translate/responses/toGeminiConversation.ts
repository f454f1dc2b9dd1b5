import type { Content, Part } from '../../gemini/types.js';
import type { ModelTraits } from '../../models/modelTraits.js';
import { invalidRequest } from '../openai/openAIError.js';
import type { ThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import { mergeSameRole, signFirstFunctionCall } from '../openai/toGeminiContents.js';
import { toFunctionResponsePayload } from '../openai/toFunctionResponsePayload.js';
import { parseArguments } from '../openai/toModelParts.js';
import type { MediaOptions } from '../openai/toUserParts.js';
import { decodeReasoningCarrier } from './reasoningCarrier.js';
import { qualifiedName } from './namespacedFunctions.js';
import type { FunctionCallOutputItem, ResponsesRequest } from './responsesRequestSchema.js';
import { toInputParts } from './toInputParts.js';

/**
 * A conversation as gemgate keeps it between turns (ResponseStore): Gemini contents with their
 * thought signatures, the texts of system and developer messages, and each function call's name by
 * its call_id (a function_call_output names only the call_id; Gemini wants the function's name).
 */
export interface ConversationState {
  contents: Content[];
  systemTexts: string[];
  calls: Array<[callId: string, name: string]>;
}

export interface ConversationOptions extends MediaOptions {
  traits: ModelTraits;
  /** Earlier responses of a `previous_response_id` chain, oldest first. */
  history?: ConversationState;
  /** Signatures of calls gemgate handed out, for clients that drop reasoning items. */
  signatures?: ThoughtSignatureStore;
}

export interface GeminiConversation {
  contents: Content[];
  systemInstruction?: Content;
  /** What this request adds to the conversation (its input), to be stored with its answer. */
  turn: ConversationState;
}

/**
 * `instructions` + `input` (+ a stored history) -> Gemini `contents` and `systemInstruction`.
 *
 * | Responses input                          | Gemini                                                        |
 * |------------------------------------------|---------------------------------------------------------------|
 * | `instructions`, then system / developer  | the one `systemInstruction` (blank line between texts);       |
 * | messages, wherever they are              | `instructions` is not kept for later turns, as in OpenAI      |
 * | a string `input`, a user message         | a `user` turn (toInputParts.ts)                                |
 * | an assistant message                     | a `model` turn with its text                                   |
 * | `function_call`                          | a `functionCall` part of a `model` turn, with its signature;   |
 * |                                          | with a `namespace`, named `namespace.name` as declared         |
 * | `reasoning`                              | its `encrypted_content` carries the thought signatures of the  |
 * |                                          | calls after it (reasoningCarrier.ts), and Gemini's own         |
 * |                                          | `toolCall` / `toolResponse` parts, which go back into the      |
 * |                                          | `model` turn right there, whole, as Google asks                |
 * |                                          | (https://ai.google.dev/gemini-api/docs/tool-combination)       |
 * | `function_call_output`                   | a `functionResponse` named after the call with its call_id;    |
 * |                                          | a run of outputs is one `user` turn, in the calls' order       |
 * | `web_search_call`                        | nothing: what the search found is in the answer after it       |
 *
 * As in the chat dialect (toGeminiContents.ts): turns of one role in a row become one, empty turns
 * are dropped; on Gemini 3 the first call of a model turn without a signature gets Google's
 * placeholder, and a conversation ending with a model turn is a 400 here rather than Gemini's.
 * A call's signature comes from the reasoning items first, then from the signatures gemgate
 * remembers by call_id.
 */
export function toGeminiConversation(
  request: Pick<ResponsesRequest, 'input' | 'instructions'>,
  options: ConversationOptions,
): GeminiConversation {
  const history = options.history ?? { contents: [], systemTexts: [], calls: [] };
  const systemTexts: string[] = [];
  const turns: Content[] = [];
  const newCalls: Array<[string, string]> = [];
  const calls = new Map<string, { name: string; order: number }>();
  history.calls.forEach(([callId, name], order) => calls.set(callId, { name, order }));
  // A counter, not calls.size: a client may reuse call ids turn after turn.
  let callsMade = history.calls.length;
  const carried = new Map<string, string>();
  const unsigned: Array<{ part: Part; callId: string }> = [];
  let toolRun: Array<{ order: number; parts: Part[] }> = [];

  const flushToolRun = () => {
    if (toolRun.length === 0) return;
    const ordered = [...toolRun].sort((a, b) => a.order - b.order);
    turns.push({ role: 'user', parts: ordered.flatMap((entry) => entry.parts) });
    toolRun = [];
  };

  const items = typeof request.input === 'string' ? [userText(request.input)] : (request.input ?? []);
  let lastAssistant: number | undefined;
  items.forEach((item, index) => {
    const at = typeof request.input === 'string' ? 'input' : `input[${index}]`;
    if (item.type !== 'function_call_output') flushToolRun();
    switch (item.type) {
      case 'message': {
        if (item.role === 'system' || item.role === 'developer') {
          const text = textOnly(item.content, `${at}.content`);
          if (text !== '') systemTexts.push(text);
        } else if (item.role === 'user') {
          turns.push({ role: 'user', parts: toInputParts(item.content, `${at}.content`, options) });
        } else {
          textOnly(item.content, `${at}.content`);
          turns.push({ role: 'model', parts: toInputParts(item.content, `${at}.content`, options) });
          lastAssistant = index;
        }
        break;
      }
      case 'function_call': {
        const name = qualifiedName(item.namespace, item.name);
        const part: Part = {
          functionCall: { name, args: parseArguments(item.arguments, `${at}.arguments`) },
        };
        unsigned.push({ part, callId: item.call_id });
        turns.push({ role: 'model', parts: [part] });
        calls.set(item.call_id, { name, order: callsMade++ });
        newCalls.push([item.call_id, name]);
        lastAssistant = index;
        break;
      }
      case 'function_call_output': {
        const call = calls.get(item.call_id);
        if (!call) {
          throw invalidRequest(
            `No tool call found for function call output with call_id ${item.call_id}.`,
            `${at}.call_id`,
            'invalid_value',
          );
        }
        toolRun.push({ order: call.order, parts: functionResponseParts(item, call.name, at, options) });
        break;
      }
      case 'reasoning': {
        const { signatures, serverParts } = decodeReasoningCarrier(item.encrypted_content);
        for (const [callId, signature] of signatures) carried.set(callId, signature);
        if (serverParts.length > 0) {
          turns.push({ role: 'model', parts: serverParts });
          lastAssistant = index;
        }
        break;
      }
      case 'web_search_call':
        break;
      default:
        // supportedParameters.ts refuses every other item type before translation.
        throw invalidRequest(`Unsupported input item '${item.type}'.`, `${at}.type`, 'unsupported_parameter');
    }
  });
  flushToolRun();

  // Reasoning items normally come before the calls they carry signatures for; looked up at the end,
  // the order does not matter.
  for (const { part, callId } of unsigned) {
    const signature = carried.get(callId) ?? options.signatures?.recall(callId);
    if (signature) part.thoughtSignature = signature;
  }

  const turn: ConversationState = {
    contents: structuredClone(turns.filter((content) => content.parts.length > 0)),
    systemTexts,
    calls: newCalls,
  };
  const contents = mergeSameRole(
    [...history.contents, ...turns].filter((content) => content.parts.length > 0),
  );
  if (contents.length === 0) {
    throw invalidRequest("'input' must contain at least one message with content.", 'input', 'invalid_value');
  }
  if (options.traits.requiresThoughtSignatures) contents.forEach(signFirstFunctionCall);
  if (options.traits.rejectsTrailingModelTurn && contents.at(-1)?.role === 'model') {
    const param = lastAssistant === undefined ? 'input' : `input[${lastAssistant}]`;
    throw invalidRequest(
      'This model does not accept a conversation that ends with an assistant turn (Gemini 3 answers only a user turn): end the input with a user message or a function_call_output.',
      param,
      'invalid_value',
    );
  }

  const conversation: GeminiConversation = { contents, turn };
  const system = [request.instructions ?? '', ...history.systemTexts, ...systemTexts].filter(
    (text) => text !== '',
  );
  if (system.length > 0) conversation.systemInstruction = { parts: [{ text: system.join('\n\n') }] };
  return conversation;
}

function userText(text: string) {
  return { type: 'message' as const, role: 'user' as const, content: text };
}

/** System, developer and assistant messages: Gemini takes only text there. */
function textOnly(
  content: string | Array<{ type: string; text?: string; refusal?: string }>,
  at: string,
): string {
  if (typeof content === 'string') return content;
  return content
    .map((part, index) => {
      if (part.type === 'input_image' || part.type === 'input_file') {
        throw invalidRequest(
          `Invalid '${at}[${index}]': only text is accepted in system, developer and assistant messages.`,
          `${at}[${index}].type`,
          'invalid_value',
        );
      }
      return part.text ?? part.refusal ?? '';
    })
    .filter((text) => text !== '')
    .join('\n');
}

/**
 * A function's output -> its `functionResponse` (text, parsed as in the chat dialect:
 * toFunctionResponsePayload.ts), followed by the images and files it returned as their own parts.
 */
function functionResponseParts(
  item: FunctionCallOutputItem,
  name: string,
  at: string,
  options: MediaOptions,
): Part[] {
  if (typeof item.output === 'string') {
    return [{ functionResponse: { name, response: toFunctionResponsePayload(item.output) } }];
  }
  const parts = toInputParts(item.output, `${at}.output`, options);
  const text = parts.flatMap((part) => (part.text === undefined ? [] : [part.text])).join('\n');
  const media = parts.filter((part) => part.text === undefined);
  return [{ functionResponse: { name, response: toFunctionResponsePayload(text) } }, ...media];
}
