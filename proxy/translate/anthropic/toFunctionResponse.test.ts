import { describe, expect, it } from 'vitest';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import type { ToolResultBlock } from './messagesRequestSchema.js';
import { toFunctionResponse } from './toFunctionResponse.js';

const result = (extra: Partial<ToolResultBlock>): ToolResultBlock => ({
  type: 'tool_result',
  tool_use_id: 'toolu_1',
  ...extra,
});
const image = {
  type: 'image' as const,
  source: { type: 'base64' as const, media_type: 'image/png', data: PNG_1X1_BASE64 },
};

describe('toFunctionResponse', () => {
  it.each<[string, Partial<ToolResultBlock>, Record<string, unknown>]>([
    ['a string', { content: 'README.md\nsrc' }, { output: 'README.md\nsrc' }],
    ['a JSON object string, as is', { content: '{"files":2}' }, { files: 2 }],
    [
      'text blocks, joined',
      {
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      { output: 'a\nb' },
    ],
    ['no content', {}, { output: '' }],
    ['an error', { content: 'Exit code 1', is_error: true }, { error: 'Exit code 1' }],
    [
      'a tool search’s find',
      { content: [{ type: 'tool_reference', tool_name: 'WebFetch' }] },
      { output: 'Tool loaded: WebFetch' },
    ],
  ])('%s', (_name, extra, response) => {
    expect(toFunctionResponse(result(extra), 'Bash', 'messages.3.content.0', {})).toEqual({
      response: { functionResponse: { name: 'Bash', response } },
      media: [],
    });
  });

  it('images a tool returned go after the response', () => {
    const out = toFunctionResponse(
      result({ content: [{ type: 'text', text: 'a screenshot' }, image] }),
      'Shot',
      'm',
      {},
    );
    expect(out).toEqual({
      response: { functionResponse: { name: 'Shot', response: { output: 'a screenshot' } } },
      media: [{ inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } }],
    });
  });
});
