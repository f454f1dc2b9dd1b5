import type { z } from 'zod';
import { chatRequestSchema, type ChatRequest } from './chatRequestSchema.js';
import { formatParamPath, invalidRequest, type OpenAIError } from './openAIError.js';

/**
 * Validates a parsed JSON body as a Chat Completions request. Throws an OpenAIError (400) naming the
 * first offending field, worded the way OpenAI words it so that client UIs show something useful.
 *
 * Beyond shape, it checks what only the whole conversation can tell: every tool result must answer
 * a tool call made earlier by the assistant (Gemini needs the function's name, which only the call has),
 * and a named tool_choice must name a declared tool.
 */
export function parseChatRequest(body: unknown): ChatRequest {
  const result = chatRequestSchema.safeParse(body);
  if (!result.success) throw zodIssueToError(body, mostSpecificIssue(result.error.issues[0]));
  const request = result.data;
  checkToolResultsAnswerCalls(request);
  checkNamedToolChoice(request);
  return request;
}

/** Shared with the embeddings parser: one zod issue -> one OpenAI-shaped 400. */
export function zodIssueToError(body: unknown, issue: Issue | undefined): OpenAIError {
  if (!issue) return invalidRequest('Invalid request body.', null);
  if (issue.path.length === 0) {
    return invalidRequest('The request body must be a JSON object.', null);
  }
  const param = formatParamPath(issue.path);
  const received = valueAt(body, issue.path);

  const options = discriminatorOptions(issue);
  if (options) {
    const supported = options.map((o) => `'${String(o)}'`).join(', ');
    if (received === undefined)
      return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
    return invalidRequest(
      `Invalid value: ${JSON.stringify(received)}. Supported values for '${param}' are: ${supported}.`,
      param,
      'invalid_value',
    );
  }
  if (received === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
  }
  if (issue.code === 'invalid_type' || issue.code === 'invalid_union') {
    return invalidRequest(
      `Invalid type for '${param}': ${stripZodPrefix(issue.message)}.`,
      param,
      'invalid_type',
    );
  }
  return invalidRequest(`Invalid '${param}': ${stripZodPrefix(issue.message)}.`, param, 'invalid_value');
}

type Issue = z.core.$ZodIssue;

/**
 * A union (say, content as string | parts[]) reports "invalid input" at its own position; when one
 * branch got further into the value (the parts array, then `[0].type`), its issue names the field
 * the client actually got wrong. Inner paths are relative to the union, hence the concatenation.
 */
export function mostSpecificIssue(issue: Issue | undefined): Issue | undefined {
  if (!issue || issue.code !== 'invalid_union' || !('errors' in issue)) return issue;
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    if (first && first.path.length > 0 && (!best || first.path.length > best.path.length)) best = first;
  }
  if (!best) return issue;
  return mostSpecificIssue({ ...best, path: [...issue.path, ...best.path] } as Issue);
}

/** zod's discriminated unions list the allowed values; its public issue type does not declare them. */
function discriminatorOptions(issue: Issue): unknown[] | undefined {
  if (issue.code !== 'invalid_union' || !('discriminator' in issue)) return undefined;
  const options = (issue as { options?: unknown }).options;
  return Array.isArray(options) ? options : undefined;
}

function stripZodPrefix(message: string): string {
  return message.replace(/^Invalid input: /, '').replace(/\.$/, '');
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function checkToolResultsAnswerCalls(request: ChatRequest): void {
  const calledIds = new Set<string>();
  request.messages.forEach((message, index) => {
    if (message.role === 'assistant') {
      for (const call of message.tool_calls ?? []) calledIds.add(call.id);
    } else if (message.role === 'tool' && !calledIds.has(message.tool_call_id)) {
      throw invalidRequest(
        `Invalid parameter: 'tool_call_id' ${JSON.stringify(message.tool_call_id)} of messages[${index}] does not match any tool call of an earlier assistant message.`,
        `messages[${index}].tool_call_id`,
        'invalid_value',
      );
    }
  });
}

function checkNamedToolChoice(request: ChatRequest): void {
  const choice = request.tool_choice;
  if (!choice || typeof choice === 'string' || choice.type !== 'function') return;
  const declared = new Set((request.tools ?? []).map((t) => t.function.name));
  if (!declared.has(choice.function.name)) {
    throw invalidRequest(
      `Invalid value for 'tool_choice': no tool named ${JSON.stringify(choice.function.name)} is declared in 'tools'.`,
      'tool_choice.function.name',
      'invalid_value',
    );
  }
}
