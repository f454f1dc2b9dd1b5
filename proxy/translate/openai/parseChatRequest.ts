import { chatRequestSchema, type ChatRequest } from './chatRequestSchema.js';
import { invalidRequest } from './openAIError.js';
import { mostSpecificIssue, zodIssueToError } from './zodIssueToError.js';

/**
 * Validates a parsed JSON body as a Chat Completions request. Throws an InputError naming the
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
  if (!choice || typeof choice === 'string') return;
  const declared = new Set([
    ...(request.tools ?? []).map((t) => t.function.name),
    ...(request.functions ?? []).map((f) => f.name),
  ]);
  if (choice.type === 'function') {
    if (!declared.has(choice.function.name)) {
      throw invalidRequest(
        `Invalid value for 'tool_choice': no tool named ${JSON.stringify(choice.function.name)} is declared in 'tools'.`,
        'tool_choice.function.name',
        'invalid_value',
      );
    }
    return;
  }
  // allowed_tools: Gemini refuses allowedFunctionNames that name no declared function.
  choice.allowed_tools.tools.forEach((tool, index) => {
    if (!declared.has(tool.function.name)) {
      throw invalidRequest(
        `Invalid value for 'tool_choice': no tool named ${JSON.stringify(tool.function.name)} is declared in 'tools'.`,
        `tool_choice.allowed_tools.tools[${index}].function.name`,
        'invalid_value',
      );
    }
  });
}
