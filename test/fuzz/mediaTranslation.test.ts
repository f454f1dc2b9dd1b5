import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseImageEditForm,
  parseImageRequest,
  parseSpeechRequest,
  toImageGenerateContent,
  toImagenPredict,
  toSpeechGenerateContent,
  type ImageRequest,
} from '../../proxy/translate/media/index.js';
import { PNG_1X1_BASE64 } from '../../proxy/translate/openai/__fixtures__/media.js';
import { checkPredictBody } from '../emulator/handle-predict.js';
import { checkMediaRequest } from '../emulator/media-answer.js';
import { findModel } from '../emulator/models.js';
import { anyText, wrongValue } from './arbitraries.js';
import { InputError } from '../../proxy/failures/inputError.js';
import { clientErrorOf } from '../../proxy/http/clientError.js';

/** Bounded so the suite stays fast; FUZZ_RUNS=50000 for a deeper search by hand. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

const IMAGE_MODELS = [
  'imagen-4.0-generate-001',
  'imagen-4.0-fast-generate-001',
  'imagen-4.0-ultra-generate-001',
  'gemini-2.5-flash-image',
  'gemini-3-pro-image-preview',
];
const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: 3, arbitrary },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: wrongValue },
  );
const size = fc.oneof(
  fc.constantFrom(
    'auto',
    '1024x1024',
    '1536x1024',
    '1024x1536',
    '1792x1024',
    '256x256',
    '16:9',
    '21:9',
    '2:1',
  ),
  fc
    .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999 }))
    .map(([w, h]) => `${w}x${h}`),
  anyText,
);
const imageFields = fc.record(
  {
    model: fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...IMAGE_MODELS, 'gemini-2.5-flash', 'dall-e-3') },
      { weight: 1, arbitrary: anyText },
    ),
    prompt: fc.oneof(
      { weight: 5, arbitrary: fc.string({ minLength: 1, maxLength: 50 }) },
      { weight: 1, arbitrary: anyText },
    ),
    n: sometimes(fc.integer({ min: -2, max: 14 })),
    size: sometimes(size),
    quality: sometimes(
      fc.constantFrom('auto', 'standard', 'hd', 'low', 'medium', 'high', 'xhigh', 'max', 'ultra'),
    ),
    response_format: sometimes(fc.constantFrom('url', 'b64_json', 'file')),
    output_format: sometimes(fc.constantFrom('png', 'jpeg', 'webp', 'gif')),
    background: sometimes(fc.constantFrom('transparent', 'opaque', 'auto')),
    stream: sometimes(fc.boolean()),
  },
  { requiredKeys: [] },
);

/** Either the calls Google's models take (as the emulator judges them), or an InputError, a 4xx for the client. */
function checkImages(parse: () => ImageRequest): 'translated' | 'refused' {
  let request: ImageRequest;
  try {
    request = parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    expect(clientErrorOf(error).error.status).toBe(400);
    // Every refusal names its field, but that of a body that is no object at all.
    if (!/must be a JSON object/.test(error.message)) expect(error.param).toBeTruthy();
    return 'refused';
  }
  const model = findModel(request.model.id)!;
  if (request.model.family === 'imagen') {
    const calls = toImagenPredict(request);
    expect(calls.reduce((sum, call) => sum + call.parameters.sampleCount, 0)).toBe(request.n);
    for (const call of calls) expect(checkPredictBody(call, 'imagen')).toBe(request.prompt);
  } else {
    expect(checkMediaRequest(toImageGenerateContent(request), model)).toBeUndefined();
  }
  return 'translated';
}

describe('image and speech request translation, property-based', () => {
  it('any images body: a 400 naming the field, or calls Google’s model takes', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.oneof({ weight: 6, arbitrary: imageFields }, { weight: 1, arbitrary: wrongValue }),
        (body) => {
          seen.add(checkImages(() => parseImageRequest(body)));
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
    expect(seen).toEqual(new Set(['translated', 'refused']));
  });

  it('any edit form: a 400 naming the field, or a request with every image typed by its bytes', () => {
    const png = Buffer.from(PNG_1X1_BASE64, 'base64');
    const file = fc.record({
      field: fc.constantFrom('image', 'image[]', 'mask', 'other'),
      bytes: fc.oneof(
        fc.constant(png),
        fc.constant(Buffer.from([0xff, 0xd8, 0xff, 0xdb, 0, 1])),
        fc.uint8Array({ maxLength: 40 }).map((bytes) => Buffer.from(bytes)),
      ),
    });
    fc.assert(
      fc.property(imageFields, fc.array(file, { maxLength: 4 }), (fields, files) => {
        const text = new Map(
          Object.entries(fields)
            .filter(([, value]) => value !== undefined)
            .map(([name, value]) => [name, typeof value === 'string' ? value : JSON.stringify(value)]),
        );
        const verdict = checkImages(() => parseImageEditForm({ fields: text, files }));
        if (verdict === 'translated') expect(files.some((f) => f.field === 'mask')).toBe(false);
      }),
      { numRuns: FUZZ_RUNS },
    );
  });

  it('any speech body: a 400 naming the field, or a request Gemini’s TTS model takes', () => {
    const tts = findModel('gemini-2.5-flash-preview-tts')!;
    const body = fc.record(
      {
        model: fc.oneof(
          fc.constantFrom('gemini-2.5-flash-preview-tts', 'gemini-2.5-pro-preview-tts', 'tts-1'),
          anyText,
        ),
        input: fc.oneof(fc.string({ maxLength: 100 }), anyText),
        voice: fc.oneof(fc.constantFrom('alloy', 'nova', 'Kore', 'kore', 'robot'), wrongValue),
        instructions: sometimes(fc.string({ maxLength: 40 })),
        response_format: sometimes(fc.constantFrom('wav', 'pcm', 'mp3', 'opus', 'aac', 'flac')),
        speed: sometimes(fc.double({ min: 0, max: 5, noNaN: true })),
        stream_format: sometimes(fc.constantFrom('audio', 'sse')),
      },
      { requiredKeys: [] },
    );
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.oneof({ weight: 6, arbitrary: body }, { weight: 1, arbitrary: wrongValue }),
        (candidate) => {
          let request;
          try {
            request = parseSpeechRequest(candidate);
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
            expect(clientErrorOf(error).error.status).toBe(400);
            seen.add('refused');
            return;
          }
          expect(checkMediaRequest(toSpeechGenerateContent(request), tts)).toBeUndefined();
          seen.add('translated');
        },
      ),
      { numRuns: FUZZ_RUNS },
    );
    expect(seen).toEqual(new Set(['translated', 'refused']));
  });
});
