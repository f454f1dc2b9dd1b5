import { describe, expect, it } from 'vitest';
import { PNG_1X1_BASE64 } from '../openai/__fixtures__/media.js';
import { toImagesResponse } from './toImagesResponse.js';

const png = { mimeType: 'image/png', data: PNG_1X1_BASE64 };

describe('toImagesResponse', () => {
  it('b64_json: the bytes as Google sent them, from every call in order', () => {
    expect(
      toImagesResponse(
        [
          { images: [png], refusals: [] },
          { images: [png, png], refusals: [] },
        ],
        'b64_json',
        7,
      ),
    ).toEqual({
      created: 7,
      data: [{ b64_json: PNG_1X1_BASE64 }, { b64_json: PNG_1X1_BASE64 }, { b64_json: PNG_1X1_BASE64 }],
      output_format: 'png',
    });
  });

  it('url: a data URL of the image’s own type', () => {
    const jpeg = { mimeType: 'image/jpeg', data: 'AAAA' };
    const response = toImagesResponse([{ images: [jpeg, png], refusals: [] }], 'url', 1);
    expect(response.data).toEqual([
      { url: 'data:image/jpeg;base64,AAAA' },
      { url: `data:image/png;base64,${PNG_1X1_BASE64}` },
    ]);
    expect(response.output_format).toBeUndefined();
  });

  it('some images filtered: the others still go out', () => {
    expect(toImagesResponse([{ images: [png], refusals: ['Filtered'] }], 'b64_json', 1).data).toHaveLength(1);
  });

  // A safety refusal is the client's to change (its prompt: a 400 content_policy_violation); no image
  // for no such reason is Google's doing (a 502 no_image): http/clientError.ts renders both.
  const refusedPrompt = { name: 'InputError', param: 'prompt', code: 'content_policy_violation' };
  const noImage = { name: 'AnswerWithoutMedia', media: 'image' };
  it.each([
    [['finishReason IMAGE_SAFETY'], refusedPrompt],
    [['Filtered by Responsible AI practices.'], refusedPrompt],
    [['prompt blocked (PROHIBITED_CONTENT)'], refusedPrompt],
    [['the model answered: "Which cat?"'], noImage],
    [[], noImage],
  ])('no image at all (%j): %o with the reason', (refusals, failure) => {
    expect(() => toImagesResponse([{ images: [], refusals }], 'b64_json', 1)).toThrow(
      expect.objectContaining({ ...failure, message: expect.stringContaining(refusals[0] ?? '.') }),
    );
  });
});
