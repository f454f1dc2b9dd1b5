import { describe, expect, it } from 'vitest';
import { loadedTools } from './loadedTools.js';
import type { AnthropicMessage } from './messagesRequestSchema.js';

describe('loadedTools', () => {
  it('names every tool a tool_reference in a tool result loaded, and nothing else', () => {
    const messages: AnthropicMessage[] = [
      { role: 'user', content: 'find a tool' },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 't1', name: 'ToolSearch', input: { query: 'web' } }],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 't1',
            content: [
              { type: 'tool_reference', tool_name: 'WebFetch' },
              { type: 'text', text: 'WebSearch looks close too' },
              { type: 'tool_reference', tool_name: 'WebSearch' },
            ],
          },
          { type: 'tool_result', tool_use_id: 't1', content: 'tool_reference: Bash' },
        ],
      },
    ];
    expect([...loadedTools(messages)]).toEqual(['WebFetch', 'WebSearch']);
  });
});
