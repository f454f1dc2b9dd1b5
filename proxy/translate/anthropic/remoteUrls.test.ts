import { describe, expect, it } from 'vitest';
import { parseMessagesRequest } from './parseMessagesRequest.js';
import { remoteUrls } from './remoteUrls.js';

const url = (type: 'image' | 'document', href: string) => ({ type, source: { type: 'url', url: href } });

describe('remoteUrls', () => {
  it('finds image and document URLs in user turns and tool results, each with the field first using it', () => {
    const request = parseMessagesRequest({
      model: 'm',
      max_tokens: 10,
      messages: [
        {
          role: 'user',
          content: [url('image', 'https://a.example/1.png'), url('document', 'https://a.example/p.pdf')],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'shot', input: {} }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't1',
              content: [url('image', 'https://a.example/2.png'), url('image', 'https://a.example/1.png')],
            },
            {
              type: 'document',
              source: { type: 'content', content: [url('image', 'https://a.example/3.png')] },
            },
            url('image', 'data:image/png;base64,AAAA'),
          ],
        },
      ],
    });
    const found = remoteUrls(request);
    expect([...found.images]).toEqual([
      ['https://a.example/1.png', 'messages.0.content.0.source.url'],
      ['https://a.example/2.png', 'messages.2.content.0.content.0.source.url'],
      ['https://a.example/3.png', 'messages.2.content.1.source.content.0.source.url'],
    ]);
    expect([...found.documents]).toEqual([['https://a.example/p.pdf', 'messages.0.content.1.source.url']]);
  });
});
