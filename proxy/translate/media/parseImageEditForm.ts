import type { Blob } from '../../gemini/types.js';
import { invalidRequest } from '../openai/openAIError.js';
import { mostSpecificIssue, zodIssueToError } from '../openai/zodIssueToError.js';
import { imageKindOf } from './imageKind.js';
import { imageFieldsSchema, toImageRequest, type ImageRequest } from './parseImageRequest.js';

/** A `multipart/form-data` body, read by the route: its text fields and its files. */
export interface EditForm {
  fields: ReadonlyMap<string, string>;
  files: ReadonlyArray<{ field: string; bytes: Buffer }>;
}

/** At most this many images to edit at once (OpenAI's limit for `image[]`). */
export const MAX_EDIT_IMAGES = 16;
/**
 * The images' bytes together. Gemini takes up to 20 MB of inline data per request
 * (https://ai.google.dev/gemini-api/docs/image-understanding), and base64 makes them a third larger.
 */
export const MAX_EDIT_IMAGE_BYTES = 15 * 1024 * 1024;

/**
 * `POST /v1/images/edits` (https://platform.openai.com/docs/api-reference/images/createEdit) for
 * Gemini image models, which edit from the prompt and the images they are given:
 *
 * | form field              | gemgate                                                                  |
 * | ----------------------- | ------------------------------------------------------------------------ |
 * | `image` / `image[]`     | 1-16 files, PNG, JPEG, WebP, HEIC or HEIF by their bytes (imageKind.ts), 15 MB together; else 400 naming `image` |
 * | `mask`                  | 400: Gemini edits from the prompt, it takes no mask                      |
 * | `model`                 | a Gemini image model; an Imagen model is a 400 (Imagen edits are not on the Gemini API) |
 * | `n`, `output_compression` | numbers sent as text; `stream` as `true`/`false`                       |
 * | prompt, size, quality, response_format, output_format, background | as for generations (parseImageRequest.ts) |
 */
export function parseImageEditForm(form: EditForm): ImageRequest {
  if (form.files.some((file) => file.field === 'mask')) {
    throw invalidRequest(
      "'mask' is not supported: Gemini image models edit from the prompt; describe the area to change in it.",
      'mask',
      'unsupported_value',
    );
  }
  const images = form.files.filter((file) => file.field === 'image' || file.field === 'image[]');
  if (images.length === 0) {
    throw invalidRequest("Missing required parameter: 'image'.", 'image', 'missing_required_parameter');
  }
  if (images.length > MAX_EDIT_IMAGES) {
    throw invalidRequest(
      `Too many images: at most ${MAX_EDIT_IMAGES} can be edited at once.`,
      'image',
      'invalid_value',
    );
  }
  const total = images.reduce((sum, image) => sum + image.bytes.length, 0);
  if (total > MAX_EDIT_IMAGE_BYTES) {
    throw invalidRequest(
      `The images are too large: ${(total / 1024 / 1024).toFixed(1)} MB together, the limit is ${MAX_EDIT_IMAGE_BYTES / 1024 / 1024} MB (Gemini takes 20 MB per request, base64 included).`,
      'image',
      'image_too_large',
    );
  }
  const blobs: Blob[] = images.map((image, index) => {
    const mimeType = imageKindOf(image.bytes);
    if (!mimeType) {
      throw invalidRequest(
        `Invalid image ${index + 1} of ${images.length}: it is not a PNG, JPEG, WebP, HEIC or HEIF image.`,
        'image',
        'invalid_image_format',
      );
    }
    return { mimeType, data: image.bytes.toString('base64') };
  });

  const raw: Record<string, unknown> = Object.fromEntries(form.fields);
  for (const name of ['n', 'output_compression']) {
    if (typeof raw[name] === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw[name]))
      raw[name] = Number(raw[name]);
  }
  if (raw.stream === 'true' || raw.stream === 'false') raw.stream = raw.stream === 'true';
  const result = imageFieldsSchema.safeParse(raw);
  if (!result.success) throw zodIssueToError(raw, mostSpecificIssue(result.error.issues[0]));
  const request = toImageRequest(result.data, blobs);
  if (request.model.family !== 'gemini') {
    throw invalidRequest(
      `The model '${result.data.model}' cannot edit images on the Gemini API. Use a Gemini image model, e.g. gemini-2.5-flash-image.`,
      'model',
      'model_not_supported',
    );
  }
  return request;
}
