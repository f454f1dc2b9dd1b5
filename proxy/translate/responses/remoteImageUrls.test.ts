import { describe, expect, it } from 'vitest';
import { parseResponsesRequest } from './parseResponsesRequest.js';
import { remoteImageUrls } from './remoteImageUrls.js';

describe('remoteImageUrls', () => {
  it('each http(s) image once, with the first field that uses it; data URLs are not fetched', () => {
    const image = (url: string) => ({ type: 'input_image', image_url: url });
    const request = parseResponsesRequest({
      model: 'm',
      input: [
        { role: 'user', content: [image('https://img.example/a.png'), image('data:image/png;base64,AA')] },
        { type: 'function_call', call_id: 'c', name: 'shot', arguments: '{}' },
        {
          type: 'function_call_output',
          call_id: 'c',
          output: [image('http://img.example/b.png'), image('https://img.example/a.png')],
        },
      ],
    });
    expect(remoteImageUrls(request)).toEqual(
      new Map([
        ['https://img.example/a.png', 'input[0].content[0].image_url'],
        ['http://img.example/b.png', 'input[2].output[0].image_url'],
      ]),
    );
    expect(remoteImageUrls(parseResponsesRequest({ model: 'm', input: 'hi' }))).toEqual(new Map());
  });
});
