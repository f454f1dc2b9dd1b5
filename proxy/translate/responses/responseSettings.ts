import type { ResponsesRequest } from './responsesRequestSchema.js';
import type { ResponseSettings } from './types.js';

/**
 * The request's settings as the Response object reports them back (`model`, `instructions`,
 * `tools`, `temperature`…). Defaults are OpenAI's documented ones (temperature and top_p 1,
 * tool_choice `auto`, parallel tool calls on, truncation `disabled`, text format `text`, `store` on).
 */
export function responseSettings(request: ResponsesRequest): ResponseSettings {
  return {
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    max_tool_calls: request.max_tool_calls ?? null,
    metadata: request.metadata ?? {},
    model: request.model,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: {
      effort: request.reasoning?.effort ?? null,
      summary: request.reasoning?.summary ?? request.reasoning?.generate_summary ?? null,
    },
    service_tier: 'default',
    store: request.store !== false,
    temperature: request.temperature ?? 1,
    text: {
      format: request.text?.format ?? { type: 'text' },
      verbosity: request.text?.verbosity ?? 'medium',
    },
    tool_choice: request.tool_choice ?? 'auto',
    tools: (request.tools ?? []).map((tool) =>
      tool.type === 'function'
        ? {
            type: 'function',
            name: tool.name,
            description: tool.description ?? null,
            parameters: tool.parameters ?? null,
            strict: tool.strict ?? null,
          }
        : tool,
    ),
    top_logprobs: 0,
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    user: request.user ?? null,
  };
}
