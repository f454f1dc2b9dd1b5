import { describe, expect, it } from 'vitest';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import { InputError } from '../../failures/inputError.js';
import { toUserParts, type MediaBlock } from './toUserParts.js';

const PDF_BASE64 = Buffer.from('%PDF-1.4 tiny').toString('base64');
const fetched = new Map([
  ['https://example.com/cat.png', { mimeType: 'image/png', data: PNG_1X1_BASE64 }],
  ['https://example.com/paper.pdf', { mimeType: 'application/pdf', data: PDF_BASE64 }],
]);
const parts = (block: MediaBlock, maxInlineBytes?: number) =>
  toUserParts(block, 'messages.0.content.0', { remoteMedia: fetched, maxInlineBytes });

describe('toUserParts', () => {
  it.each<[string, MediaBlock, unknown[]]>([
    ['text', { type: 'text', text: 'hello' }, [{ text: 'hello' }]],
    ['empty text: dropped', { type: 'text', text: '' }, []],
    [
      'a base64 image',
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1_BASE64 } },
      [{ inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } }],
    ],
    [
      'an image by URL, fetched first',
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.png' } },
      [{ inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } }],
    ],
    [
      'an image in Gemini’s Files API',
      { type: 'image', source: { type: 'file', file_id: 'files/abc123' } },
      [{ fileData: { fileUri: 'https://generativelanguage.googleapis.com/v1beta/files/abc123' } }],
    ],
    [
      'a base64 PDF, its title and context before it',
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: PDF_BASE64 },
        title: 'Paper',
        context: 'Read p. 2',
      },
      [{ text: 'Paper\nRead p. 2' }, { inlineData: { mimeType: 'application/pdf', data: PDF_BASE64 } }],
    ],
    [
      'a PDF by URL, fetched first',
      { type: 'document', source: { type: 'url', url: 'https://example.com/paper.pdf' } },
      [{ inlineData: { mimeType: 'application/pdf', data: PDF_BASE64 } }],
    ],
    [
      'a plain-text document',
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
      [{ text: 'notes' }],
    ],
    [
      'a document of content blocks',
      {
        type: 'document',
        source: {
          type: 'content',
          content: [
            { type: 'text', text: 'caption' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1_BASE64 } },
          ],
        },
      },
      [{ text: 'caption' }, { inlineData: { mimeType: 'image/png', data: PNG_1X1_BASE64 } }],
    ],
    [
      'a search result',
      {
        type: 'search_result',
        source: 'https://example.com/doc',
        title: 'Doc',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      [{ text: 'Doc (https://example.com/doc)\na\nb' }],
    ],
  ])('%s', (_name, block, expected) => {
    expect(parts(block)).toEqual(expected);
  });

  it("a file of Anthropic's Files API is a 400 saying what to send instead", () => {
    const call = () =>
      parts({ type: 'image', source: { type: 'file', file_id: 'file_011CNha8iCJcU1wXNR6q4V8w' } });
    expect(call).toThrow(InputError);
    expect(call).toThrow(
      /^messages\.0\.content\.0\.source\.file_id: "file_011CNha8iCJcU1wXNR6q4V8w" names a file in Anthropic's Files API/,
    );
  });

  it('inline data past the limit is a 400 naming the field', () => {
    const call = () =>
      parts({ type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1X1_BASE64 } }, 10);
    expect(call).toThrow(
      "The data in 'messages.0.content.0.source.data' is 1 KB; Gemini accepts at most 1 KB inline.",
    );
  });
});
