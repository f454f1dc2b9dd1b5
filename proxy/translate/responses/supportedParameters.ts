import { invalidRequest } from '../openai/openAIError.js';
import { formatParamPath } from '../openai/openAIError.js';
import {
  HOSTED_TOOL_TYPES,
  UNSUPPORTED_INPUT_ITEM_TYPES,
  type ResponsesRequest,
} from './responsesRequestSchema.js';

/**
 * Parameters OpenAI documents that gemgate cannot honour on Gemini. A parameter whose value would
 * change the answer in a way Gemini cannot reproduce is refused with a 400 that names it; one that
 * is only a hint to OpenAI's own infrastructure is accepted and has no effect.
 *
 * | parameter                                     | gemgate                                                        |
 * |-----------------------------------------------|----------------------------------------------------------------|
 * | `background: true`                            | 400: Gemini answers within the request                          |
 * | `conversation`                                | 400: use `previous_response_id` (or send the history)          |
 * | `prompt` (stored prompt templates)            | 400: they live on OpenAI's platform                            |
 * | `moderation`                                  | 400: no moderation model to run                                |
 * | `context_management` (non-empty)              | 400: no server-side compaction                                 |
 * | `top_logprobs` > 0, include `…logprobs`       | 400: log probabilities are not translated                      |
 * | hosted `tools` (file_search, mcp, computer…)  | 400: they run on OpenAI's servers                              |
 * | `custom` tools inside a `namespace` tool      | 400, as outside one; its functions are declared                |
 * |                                               | (toResponsesTools.ts)                                          |
 * | hosted `tool_choice` types                    | 400: Gemini cannot be forced to ground                         |
 * | `input[]` of type `item_reference`            | the stored item of the client's own response, in its place     |
 * |                                               | (resolveItemReferences.ts); an unknown id is a 404             |
 * | `input[]` items of hosted tools               | 400: their tools run on OpenAI's servers                       |
 * | `tools[].type: web_search*`                   | Gemini's Google Search grounding (toResponsesTools.ts)          |
 * | other `include` values                        | accepted: encrypted reasoning is always included; the rest     |
 * |                                               | name outputs of tools gemgate refuses anyway                   |
 * | `truncation`, `service_tier`, `max_tool_calls`, | accepted, no effect: hints to OpenAI's scheduler and cache; |
 * | `prompt_cache_*`, `safety_identifier`, `user`, | `text.verbosity` and `reasoning.context`/`mode` have no Gemini |
 * | `stream_options`, `text.verbosity`,           | counterpart and leave the answer valid                         |
 * | `reasoning.context`/`mode`, `access_programs`,|                                                                |
 * | `image`, `background_options`,                |                                                                |
 * | `client_metadata` (Codex)                     |                                                                |
 */
export function checkSupportedParameters(request: ResponsesRequest): void {
  if (request.background === true) {
    throw unsupported('background', 'gemgate answers within the request; send it without `background`');
  }
  for (const name of ['conversation', 'prompt', 'moderation'] as const) {
    if (request[name] != null) throw unsupported(name, REASONS[name]);
  }
  if (request.context_management && request.context_management.length > 0) {
    throw unsupported('context_management', 'gemgate does not compact conversations on its side');
  }
  if (request.top_logprobs) {
    throw unsupported('top_logprobs', 'gemgate does not translate log probabilities');
  }
  request.include?.forEach((value, index) => {
    if (value === 'message.output_text.logprobs') {
      throw unsupported(`include[${index}]`, 'gemgate does not translate log probabilities');
    }
  });
  request.tools?.forEach((tool, index) => {
    if ((HOSTED_TOOL_TYPES as readonly string[]).includes(tool.type)) {
      throw unsupported(
        `tools[${index}].type`,
        `'${tool.type}' is one of OpenAI's hosted tools, which run on OpenAI's servers; Gemini has function tools and web_search (Google Search)`,
      );
    }
    if (tool.type !== 'namespace') return;
    tool.tools.forEach((inner, at) => {
      if (inner.type === 'custom') {
        throw unsupported(
          `tools[${index}].tools[${at}].type`,
          "custom tools take free-form text Gemini cannot be held to; declare a 'function' instead",
        );
      }
    });
  });
  const choice = request.tool_choice;
  if (choice && typeof choice === 'object' && choice.type !== 'function' && choice.type !== 'allowed_tools') {
    throw unsupported(
      'tool_choice.type',
      `Gemini decides by itself when to use '${choice.type}'; use 'auto'`,
    );
  }
  if (Array.isArray(request.input)) {
    request.input.forEach((item, index) => {
      // The schema admits the items gemgate translates and, by name, these: nothing else gets here.
      if ((UNSUPPORTED_INPUT_ITEM_TYPES as readonly string[]).includes(item.type)) {
        throw unsupported(
          formatParamPath(['input', index, 'type']),
          `'${item.type}' items come from OpenAI's hosted tools, which Gemini does not have`,
        );
      }
    });
  }
}

const REASONS = {
  conversation:
    "gemgate keeps no Conversations; continue with 'previous_response_id' or send the history in 'input'",
  prompt: "stored prompts live on OpenAI's platform; send the text in 'instructions' and 'input'",
  moderation: 'gemgate has no moderation model to run',
} as const;

function unsupported(param: string, reason: string) {
  return invalidRequest(`Unsupported parameter: '${param}': ${reason}.`, param, 'unsupported_parameter');
}
