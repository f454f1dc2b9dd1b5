import type { AnthropicMessage } from './messagesRequestSchema.js';

/**
 * The tools a conversation's tool searches have loaded: every `tool_reference` in a tool result
 * names one (Anthropic's tool search: a tool with `defer_loading` stays out of the model's view until
 * then). toGeminiTools declares a deferred tool only once it is loaded, as Anthropic does.
 */
export function loadedTools(messages: readonly AnthropicMessage[]): Set<string> {
  const loaded = new Set<string>();
  for (const message of messages) {
    if (typeof message.content === 'string') continue;
    for (const block of message.content) {
      if (block.type !== 'tool_result' || typeof block.content === 'string') continue;
      for (const item of block.content ?? []) if (item.type === 'tool_reference') loaded.add(item.tool_name);
    }
  }
  return loaded;
}
