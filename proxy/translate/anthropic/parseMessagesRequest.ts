import type { z } from 'zod';
import { invalidRequest } from '../openai/openAIError.js';
import {
  countTokensRequestSchema,
  messagesRequestSchema,
  type CountTokensRequest,
  type MessagesRequest,
} from './messagesRequestSchema.js';
import { zodIssueMessage } from './zodIssueMessage.js';

/**
 * Validates a parsed JSON body as a Messages request. Throws a 400 naming the first offending field
 * the way Anthropic does (zodIssueMessage.ts).
 *
 * Beyond shape, it checks what only the whole conversation can tell: every `tool_result` answers a
 * `tool_use` made earlier by the assistant (Gemini names a function's result after the function,
 * which only the call has), and a `tool_choice` of one tool names a declared tool.
 */
export function parseMessagesRequest(body: unknown): MessagesRequest {
  return checked(messagesRequestSchema, body);
}

/** The same for POST /v1/messages/count_tokens, which takes the prompt without `max_tokens`. */
export function parseCountTokensRequest(body: unknown): CountTokensRequest {
  return checked(countTokensRequestSchema, body);
}

function checked<S extends z.ZodType<CountTokensRequest>>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw zodIssueMessage(body, result.error.issues[0]);
  const request = result.data;
  checkToolResultsAnswerCalls(request);
  checkNamedToolChoice(request);
  return request;
}

function checkToolResultsAnswerCalls(request: CountTokensRequest): void {
  const called = new Set<string>();
  request.messages.forEach((message, messageIndex) => {
    if (typeof message.content === 'string') return;
    message.content.forEach((block, blockIndex) => {
      if (block.type === 'tool_use' && message.role === 'assistant') called.add(block.id);
      if (block.type === 'tool_result' && !called.has(block.tool_use_id)) {
        throw invalidRequest(
          `messages.${messageIndex}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${block.tool_use_id}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in an earlier assistant message.`,
          `messages.${messageIndex}.content.${blockIndex}.tool_use_id`,
        );
      }
    });
  });
}

function checkNamedToolChoice(request: CountTokensRequest): void {
  const choice = request.tool_choice;
  if (choice?.type !== 'tool') return;
  if ((request.tools ?? []).some((tool) => tool.name === choice.name)) return;
  throw invalidRequest(
    `tool_choice.name: no tool named ${JSON.stringify(choice.name)} is declared in \`tools\`.`,
    'tool_choice.name',
  );
}
