import { describe, expect, it } from 'vitest';
import { parseResponsesRequest } from './parseResponsesRequest.js';
import { remoteFileUrls, remoteImageUrls } from './remoteUrls.js';

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

  it('each http(s) file_url once; a part that also carries file_data is not fetched, nor an image', () => {
    const file = (fields: Record<string, string>) => ({ type: 'input_file', ...fields });
    const request = parseResponsesRequest({
      model: 'm',
      input: [
        {
          role: 'user',
          content: [
            file({ file_url: 'https://docs.example/report.pdf' }),
            file({
              file_url: 'https://docs.example/ignored.pdf',
              file_data: 'data:application/pdf;base64,JVBERi0=',
            }),
            { type: 'input_image', image_url: 'https://img.example/a.png' },
            file({ file_url: 'ftp://docs.example/old.pdf' }),
          ],
        },
        { role: 'user', content: [file({ file_url: 'https://docs.example/report.pdf' })] },
      ],
    });
    expect(remoteFileUrls(request)).toEqual(
      new Map([['https://docs.example/report.pdf', 'input[0].content[0].file_url']]),
    );
  });
});
