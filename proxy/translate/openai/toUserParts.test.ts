import { describe, expect, it } from 'vitest';
import { InputError } from '../../failures/inputError.js';
import { toUserParts } from './toUserParts.js';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64');

describe('toUserParts', () => {
  it('text and data-URL images become text and inlineData parts, in order', () => {
    expect(
      toUserParts(
        [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${png}`, detail: 'high' } },
        ],
        0,
      ),
    ).toEqual([{ text: 'What is in this picture?' }, { inlineData: { mimeType: 'image/png', data: png } }]);
  });

  it('a plain string is one text part; empty text is dropped', () => {
    expect(toUserParts('hello', 0)).toEqual([{ text: 'hello' }]);
    expect(toUserParts('', 0)).toEqual([]);
  });

  it('uses the fetched bytes for http(s) image URLs', () => {
    const remoteMedia = new Map([['https://example.com/cat.png', { mimeType: 'image/png', data: png }]]);
    expect(
      toUserParts([{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }], 0, {
        remoteMedia,
      }),
    ).toEqual([{ inlineData: { mimeType: 'image/png', data: png } }]);
  });

  it.each([
    ['a file_id that is a Files API name', { type: 'file', file: { file_id: 'files/abc-123' } }, 'v1beta'],
    [
      'a file_id that is a Files API URI',
      { type: 'file', file: { file_id: 'https://generativelanguage.googleapis.com/v1/files/abc-123' } },
      'v1',
    ],
    [
      'an image_url that is a Files API URI (not fetched)',
      {
        type: 'image_url',
        image_url: { url: 'https://generativelanguage.googleapis.com/v1beta/files/abc-123' },
      },
      'v1beta',
    ],
  ] as const)('%s becomes fileData, read by Gemini through its URI', (_name, part, version) => {
    expect(toUserParts([part], 0)).toEqual([
      { fileData: { fileUri: `https://generativelanguage.googleapis.com/${version}/files/abc-123` } },
    ]);
  });

  it('audio and PDF files become inlineData', () => {
    expect(
      toUserParts(
        [
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
        ],
        0,
      ),
    ).toEqual([
      { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
    ]);
  });

  it('refuses an oversized image with a 400 naming the field', () => {
    const big = Buffer.alloc(2048).toString('base64');
    try {
      toUserParts(
        [
          { type: 'text', text: 'look' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${big}` } },
        ],
        3,
        { maxInlineBytes: 1024 },
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).param).toBe('messages[3].content[1].image_url.url');
    }
  });

  it('refuses URLs it cannot read and OpenAI file ids', () => {
    expect(() => toUserParts([{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }], 0)).toThrow(
      InputError,
    );
    expect(() => toUserParts([{ type: 'file', file: { file_id: 'file-abc' } }], 0)).toThrow(/file_data/);
  });
});
