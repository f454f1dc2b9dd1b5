import { describe, expect, it } from 'vitest';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import {
  MAX_EDIT_IMAGE_BYTES,
  MAX_EDIT_IMAGES,
  parseImageEditForm,
  type EditForm,
} from './parseImageEditForm.js';

const png = Buffer.from(PNG_1X1_BASE64, 'base64');
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const form = (fields: Record<string, string>, files: Array<[string, Buffer]>): EditForm => ({
  fields: new Map(Object.entries({ model: 'gemini-2.5-flash-image', prompt: 'Add a hat', ...fields })),
  files: files.map(([field, bytes]) => ({ field, bytes })),
});

describe('parseImageEditForm', () => {
  it('takes image[] files in order, typed by their bytes, and the text fields', () => {
    const request = parseImageEditForm(
      form({ n: '2', size: '1024x1536', response_format: 'url' }, [
        ['image[]', png],
        ['image[]', jpeg],
      ]),
    );
    expect(request).toMatchObject({ n: 2, aspectRatio: '2:3', responseFormat: 'url', prompt: 'Add a hat' });
    expect(request.images).toEqual([
      { mimeType: 'image/png', data: PNG_1X1_BASE64 },
      { mimeType: 'image/jpeg', data: jpeg.toString('base64') },
    ]);
  });

  it('takes a single `image` field too', () => {
    expect(parseImageEditForm(form({}, [['image', png]])).images).toHaveLength(1);
  });

  it.each([
    [form({}, []), 'image', /Missing required parameter/],
    [form({}, [['image', Buffer.from('GIF89a...')]]), 'image', /not a PNG, JPEG, WebP/],
    [form({}, [['image', Buffer.alloc(MAX_EDIT_IMAGE_BYTES + 1, 0x89)]]), 'image', /too large/],
    [
      form(
        {},
        Array.from({ length: MAX_EDIT_IMAGES + 1 }, () => ['image[]', png] as [string, Buffer]),
      ),
      'image',
      /at most/,
    ],
    [
      form({}, [
        ['image', png],
        ['mask', png],
      ]),
      'mask',
      /mask/,
    ],
    [form({ model: 'imagen-4.0-generate-001' }, [['image', png]]), 'model', /cannot edit/],
    [form({ model: 'gemini-2.5-flash' }, [['image', png]]), 'model', /does not make images/],
    [form({ n: 'two' }, [['image', png]]), 'n', /n/],
    [form({ prompt: '' }, [['image', png]]), 'prompt', /prompt/],
    [form({ stream: 'true' }, [['image', png]]), 'stream', /Streaming/],
  ])('%# is a 400 naming %s', (input, param, message) => {
    expect(() => parseImageEditForm(input)).toThrow(
      expect.objectContaining({ name: 'InputError', param, message: expect.stringMatching(message) }),
    );
  });
});
