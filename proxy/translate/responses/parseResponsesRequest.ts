import type { z } from 'zod';
import { formatParamPath, invalidRequest } from '../openai/openAIError.js';
import { mostSpecificIssue, zodIssueToError } from '../openai/zodIssueToError.js';
import { KNOWN_PARAMETERS, responsesRequestSchema, type ResponsesRequest } from './responsesRequestSchema.js';
import { checkSupportedParameters } from './supportedParameters.js';

/**
 * Validates a parsed JSON body as a Responses request. Throws an InputError naming the first
 * offending parameter, in OpenAI's words: "Unknown parameter: 'foo'." for a parameter OpenAI does not
 * have, "Unsupported parameter: ..." for one Gemini cannot honour (supportedParameters.ts), and the
 * chat dialect's wording (zodIssueToError.ts) for wrong types and values.
 *
 * What needs the conversation's history (a function_call_output answering a call made in a stored
 * response) is checked later, in toGeminiConversation.ts.
 */
export function parseResponsesRequest(body: unknown): ResponsesRequest {
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    for (const key of Object.keys(body)) {
      if (!KNOWN_PARAMETERS.has(key)) throw unknownParameter(key);
    }
  }
  const result = responsesRequestSchema.safeParse(body);
  if (!result.success) throw toError(body, result.error.issues[0]);
  const request = result.data;
  if (request.input === undefined && !request.previous_response_id) {
    throw invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  }
  checkSupportedParameters(request);
  checkNamedToolChoice(request);
  return request;
}

function toError(body: unknown, issue: z.core.$ZodIssue | undefined) {
  const specific = mostSpecificIssue(issue);
  if (specific?.code === 'unrecognized_keys' && specific.keys[0] !== undefined) {
    return unknownParameter(formatParamPath([...specific.path, specific.keys[0]]));
  }
  return zodIssueToError(body, specific);
}

function unknownParameter(param: string) {
  return invalidRequest(`Unknown parameter: '${param}'.`, param, 'unknown_parameter');
}

/** Gemini refuses allowedFunctionNames that name no declared function; OpenAI refuses it too. */
function checkNamedToolChoice(request: ResponsesRequest): void {
  const choice = request.tool_choice;
  if (!choice || typeof choice === 'string') return;
  const declared = new Set(
    (request.tools ?? []).flatMap((tool) => (tool.type === 'function' ? [tool.name] : [])),
  );
  const undeclared = (name: string, param: string) =>
    invalidRequest(
      `Invalid value for 'tool_choice': no function named ${JSON.stringify(name)} is declared in 'tools'.`,
      param,
      'invalid_value',
    );
  if (choice.type === 'function') {
    if (!declared.has(choice.name)) throw undeclared(choice.name, 'tool_choice.name');
    return;
  }
  if (choice.type !== 'allowed_tools') return;
  choice.tools.forEach((tool, index) => {
    const param = `tool_choice.tools[${index}]`;
    if (tool.type !== 'function' || !tool.name) {
      throw invalidRequest(
        `Invalid value for '${param}': gemgate can narrow the choice to function tools only.`,
        `${param}.type`,
        'invalid_value',
      );
    }
    if (!declared.has(tool.name)) throw undeclared(tool.name, `${param}.name`);
  });
}
