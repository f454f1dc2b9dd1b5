import { z } from 'zod';
import type { Blob } from '../../gemini/types.js';
import { invalidRequest } from '../openai/openAIError.js';
import { mostSpecificIssue, zodIssueToError } from '../openai/zodIssueToError.js';
import { imageModelOf, type ImageModel } from './imageModel.js';
import { toAspectRatio } from './toAspectRatio.js';
import { toImageSize } from './toImageSize.js';

/**
 * `POST /v1/images/generations` (https://platform.openai.com/docs/api-reference/images/create), as
 * far as Google's image models can honour it, and the fields of `/v1/images/edits` it shares:
 *
 * | OpenAI                       | gemgate                                                                   |
 * | ---------------------------- | ------------------------------------------------------------------------- |
 * | `model` (required here)      | an Imagen or Gemini image model (imageModel.ts), else 400                 |
 * | `prompt`                     | the prompt; 1 to 32000 characters                                         |
 * | `n` (1-10, default 1)        | that many images                                                          |
 * | `size`                       | aspect ratio (toAspectRatio.ts)                                           |
 * | `quality`                    | image size, where the model has several (toImageSize.ts)                  |
 * | `response_format`            | `b64_json` (default) or `url`, a `data:` URL: gemgate hosts no files      |
 * | `output_format`              | `png` (default); `jpeg` for Imagen; anything else 400                     |
 * | `output_compression`         | Imagen's JPEG quality                                                     |
 * | `background: transparent`    | 400: Google's models draw no transparency                                 |
 * | `stream: true`               | 400: partial images are not something Google's models send                |
 * | style, moderation, user, ... | ignored                                                                   |
 */
export interface ImageRequest {
  model: ImageModel;
  prompt: string;
  n: number;
  aspectRatio?: string;
  imageSize?: string;
  responseFormat: 'b64_json' | 'url';
  /** Asked of Imagen (`outputOptions.mimeType`); Gemini image models always answer PNG. */
  outputMimeType?: 'image/png' | 'image/jpeg';
  outputCompression?: number;
  /** The images to edit (`/v1/images/edits`), in order; none for a generation. */
  images: Blob[];
}

export const MAX_PROMPT_CHARS = 32_000;

/** Fields both endpoints share; the edit form sends them as strings, hence the coercion there. */
export const imageFieldsSchema = z.object({
  model: z.string().min(1, { error: 'a model id is required' }),
  prompt: z.string().min(1).max(MAX_PROMPT_CHARS),
  n: z.number().int().min(1).max(10).nullish(),
  size: z.string().max(50).nullish(),
  quality: z.enum(['auto', 'standard', 'hd', 'low', 'medium', 'high', 'xhigh', 'max']).nullish(),
  response_format: z.enum(['url', 'b64_json']).nullish(),
  output_format: z.string().max(20).nullish(),
  output_compression: z.number().int().min(0).max(100).nullish(),
  background: z.enum(['transparent', 'opaque', 'auto']).nullish(),
  stream: z.boolean().nullish(),
});

export type ImageFields = z.infer<typeof imageFieldsSchema>;

/** Validates a parsed JSON body for `/v1/images/generations`; throws an InputError naming the field. */
export function parseImageRequest(body: unknown): ImageRequest {
  const result = imageFieldsSchema.safeParse(body);
  if (!result.success) throw zodIssueToError(body, mostSpecificIssue(result.error.issues[0]));
  return toImageRequest(result.data, []);
}

/** Checked fields (and, for an edit, its images) -> what the routes call Google with. */
export function toImageRequest(fields: ImageFields, images: Blob[]): ImageRequest {
  const model = imageModelOf(fields.model);
  if (fields.stream === true) {
    throw invalidRequest(
      "Streaming images ('stream': true) is not supported: Google's image models send each image whole.",
      'stream',
      'unsupported_value',
    );
  }
  if (fields.background === 'transparent') {
    throw invalidRequest(
      "'background': 'transparent' is not supported: Google's image models draw opaque images.",
      'background',
      'unsupported_value',
    );
  }
  const format = fields.output_format ?? 'png';
  if (format !== 'png' && !(format === 'jpeg' && model.family === 'imagen')) {
    throw invalidRequest(
      `Invalid value for 'output_format': ${JSON.stringify(format)}. ${model.id} answers ${model.family === 'imagen' ? "'png' or 'jpeg'" : "'png' only"}.`,
      'output_format',
      'unsupported_value',
    );
  }
  const request: ImageRequest = {
    model,
    prompt: fields.prompt,
    n: fields.n ?? 1,
    responseFormat: fields.response_format ?? 'b64_json',
    images,
  };
  const aspectRatio = toAspectRatio(fields.size, model.aspectRatios);
  if (aspectRatio) request.aspectRatio = aspectRatio;
  const imageSize = toImageSize(fields.quality, model);
  if (imageSize) request.imageSize = imageSize;
  if (fields.output_format) request.outputMimeType = format === 'jpeg' ? 'image/jpeg' : 'image/png';
  if (format === 'jpeg' && fields.output_compression != null)
    request.outputCompression = fields.output_compression;
  return request;
}
