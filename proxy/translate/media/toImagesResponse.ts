import type { Blob } from '../../gemini/types.js';
import { invalidRequest } from '../openai/openAIError.js';
import { AnswerWithoutMedia } from '../../failures/failures.js';
import type { InputError } from '../../failures/inputError.js';
import type { ImagesOfAnswer } from './fromImagenPredict.js';

/** OpenAI's ImagesResponse (https://platform.openai.com/docs/api-reference/images/object). */
export interface ImagesResponse {
  created: number;
  data: Array<{ b64_json: string } | { url: string }>;
  output_format?: 'png' | 'jpeg' | 'webp';
}

const OUTPUT_FORMATS: Record<string, ImagesResponse['output_format']> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
};

/**
 * The images of every call -> one ImagesResponse: `b64_json` as Google sent the bytes, or `url` as a
 * `data:` URL (gemgate keeps no files to link to). `output_format` is that of the images, when
 * they share one.
 *
 * No image at all is an error the client can act on: 400 `content_policy_violation` when Google's
 * filters removed them (the code OpenAI uses for the same), else 502 `no_image`: the model
 * answered, but not with a picture.
 */
export function toImagesResponse(
  answers: readonly ImagesOfAnswer[],
  responseFormat: 'b64_json' | 'url',
  created: number,
): ImagesResponse {
  const images: Blob[] = answers.flatMap((answer) => answer.images);
  if (images.length === 0) throw noImage(answers.flatMap((answer) => answer.refusals));
  const formats = new Set(images.map((image) => OUTPUT_FORMATS[image.mimeType]));
  const [format] = formats;
  return {
    created,
    data: images.map((image) =>
      responseFormat === 'url'
        ? { url: `data:${image.mimeType};base64,${image.data}` }
        : { b64_json: image.data },
    ),
    ...(formats.size === 1 && format ? { output_format: format } : {}),
  };
}

const SAFETY = /SAFETY|PROHIBITED|BLOCK|RECITATION|SPII|filtered|Responsible AI|rai/i;

function noImage(refusals: string[]): InputError | AnswerWithoutMedia {
  const why = refusals.length > 0 ? `: ${[...new Set(refusals)].join('; ')}` : '.';
  if (refusals.some((refusal) => SAFETY.test(refusal))) {
    return invalidRequest(`Google's image model made no image${why}`, 'prompt', 'content_policy_violation');
  }
  return new AnswerWithoutMedia('image', `Google's image model answered without an image${why}`);
}
