import { describe, expect, it } from 'vitest';
import type { Blob, Part } from '../../gemini/types.js';
import { InputError } from '../../failures/inputError.js';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import type { MessageContentPart } from './responsesRequestSchema.js';
import { toInputParts } from './toInputParts.js';

const fetched: Blob = { mimeType: 'image/png', data: PNG_1X1_BASE64 };
const pdf: Blob = { mimeType: 'application/pdf', data: 'JVBERi0xLjQ=' };
const parts = (content: string | MessageContentPart[]) =>
  toInputParts(content, 'input[0].content', {
    remoteMedia: new Map([
      ['https://img.example/cat.png', fetched],
      ['https://docs.example/report.pdf', pdf],
    ]),
    maxInlineBytes: 1024,
  });

describe('toInputParts', () => {
  it.each<[string, string | MessageContentPart[], Part[]]>([
    ['a string', 'hi', [{ text: 'hi' }]],
    ['an empty string', '', []],
    [
      'text parts of every kind, empty ones dropped',
      [
        { type: 'input_text', text: 'a' },
        { type: 'output_text', text: '' },
        { type: 'output_text', text: 'b' },
        { type: 'refusal', refusal: 'c' },
      ],
      [{ text: 'a' }, { text: 'b' }, { text: 'c' }],
    ],
    [
      'an image as a data URL',
      [{ type: 'input_image', image_url: `data:image/png;base64,${PNG_1X1_BASE64}` }],
      [{ inlineData: fetched }],
    ],
    [
      'an image fetched beforehand',
      [{ type: 'input_image', image_url: 'https://img.example/cat.png' }],
      [{ inlineData: fetched }],
    ],
    [
      'a PDF as a data URL',
      [{ type: 'input_file', filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERg==' }],
      [{ inlineData: { mimeType: 'application/pdf', data: 'JVBERg==' } }],
    ],
    [
      'a file fetched beforehand by its URL',
      [{ type: 'input_file', file_url: 'https://docs.example/report.pdf' }],
      [{ inlineData: pdf }],
    ],
    [
      'a file with both data and a URL: the data, nothing fetched',
      [
        {
          type: 'input_file',
          file_url: 'https://docs.example/elsewhere.pdf',
          file_data: 'data:application/pdf;base64,JVBERg==',
        },
      ],
      [{ inlineData: { mimeType: 'application/pdf', data: 'JVBERg==' } }],
    ],
    [
      'a PDF as bare base64, told by its name',
      [{ type: 'input_file', filename: 'report.PDF', file_data: 'JVBERg==' }],
      [{ inlineData: { mimeType: 'application/pdf', data: 'JVBERg==' } }],
    ],
  ])('%s', (_name, content, expected) => {
    expect(parts(content)).toEqual(expected);
  });

  it.each<[string, MessageContentPart, string, string]>([
    [
      'an image without URL',
      { type: 'input_image', detail: 'auto' },
      'input[0].content[0].image_url',
      'missing_required_parameter',
    ],
    [
      'an image by file_id',
      { type: 'input_image', file_id: 'file-1' },
      'input[0].content[0].file_id',
      'unsupported_parameter',
    ],
    [
      'a file by file_id',
      { type: 'input_file', file_id: 'file-1' },
      'input[0].content[0].file_id',
      'unsupported_parameter',
    ],
    [
      'a file by an ftp URL',
      { type: 'input_file', file_url: 'ftp://x/a.pdf' },
      'input[0].content[0].file_url',
      'invalid_file_url',
    ],
    [
      'an ftp image',
      { type: 'input_image', image_url: 'ftp://x/a.png' },
      'input[0].content[0].image_url',
      'invalid_image_url',
    ],
    [
      'an image above the inline limit',
      { type: 'input_image', image_url: `data:image/png;base64,${'A'.repeat(2000)}` },
      'input[0].content[0].image_url',
      'file_too_large',
    ],
  ])('400 for %s', (_name, part, param, code) => {
    let error: unknown;
    try {
      parts([part]);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(error).toMatchObject({ param, code });
  });
});
