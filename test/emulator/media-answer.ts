import { createHash } from 'node:crypto';
import type { Blob, GenerateContentRequest, GoogleErrorBody } from '../../proxy/gemini/types.js';
import { invalidArgument } from './errors.js';
import { imagesOf, promptOf } from './conversation.js';
import type { EmulatedModel } from './models.js';
import { AUDIO_TOKENS_PER_SECOND, PCM_MIME_TYPE, PCM_RATE, speechPcm } from './pcm.js';
import { dimensionsFor, pngImage } from './png.js';

/**
 * What image and speech models answer with, besides text: inlineData parts.
 *
 * Image models (https://ai.google.dev/gemini-api/docs/image-generation): `responseModalities` TEXT
 * and IMAGE (the default) or IMAGE alone; the answer is a short text and one image part
 * `{inlineData: {mimeType: "image/png", data}}`; `imageConfig.aspectRatio` and `imageConfig.imageSize`
 * shape it. Each image costs output tokens of modality IMAGE: 1290 for 2.5 Flash Image, 1120 (1K and
 * 2K) or 2000 (4K) for 3 Pro Image (https://ai.google.dev/gemini-api/docs/pricing , "Output images up
 * to 1024x1024px consume 1290 tokens"; a real answer's usage quoted at im06lq19wz.apifox.cn/api-346488906).
 *
 * Speech models (https://ai.google.dev/gemini-api/docs/speech-generation): `responseModalities`
 * AUDIO only and `speechConfig.voiceConfig.prebuiltVoiceConfig.voiceName`; the answer is PCM
 * (pcm.ts), streamed in pieces of half a second, whole in one part otherwise.
 */

export interface MediaChunk {
  inlineData: Blob;
  modality: 'IMAGE' | 'AUDIO';
  /** Output tokens this piece costs. */
  tokens: number;
}

export interface MediaAnswer {
  /** The visible text beside the media ('' for speech, or for IMAGE alone). */
  text: string;
  media: MediaChunk[];
}

/** https://ai.google.dev/gemini-api/docs/speech-generation#voices : the 30 prebuilt voices. */
export const VOICES = [
  'Zephyr',
  'Puck',
  'Charon',
  'Kore',
  'Fenrir',
  'Leda',
  'Orus',
  'Aoede',
  'Callirrhoe',
  'Autonoe',
  'Enceladus',
  'Iapetus',
  'Umbriel',
  'Algieba',
  'Despina',
  'Erinome',
  'Algenib',
  'Rasalgethi',
  'Laomedeia',
  'Achernar',
  'Alnilam',
  'Schedar',
  'Gacrux',
  'Pulcherrima',
  'Achird',
  'Zubenelgenubi',
  'Vindemiatrix',
  'Sadachbia',
  'Sadaltager',
  'Sulafat',
];

/** https://ai.google.dev/gemini-api/docs/image-generation#aspect_ratios */
export const IMAGE_ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];
const IMAGE_SIZES = ['1K', '2K', '4K'];
/** Pixels on the long side, per imageSize: small stand-ins for 1024, 2048 and 4096. */
const LONG_SIDE: Record<string, number> = { '1K': 64, '2K': 96, '4K': 128 };
const AUDIO_CHUNK_SECONDS = 0.5;

type Modality = 'TEXT' | 'IMAGE' | 'AUDIO';

/** The output modalities a model accepts, each a combination, as Gemini lists them in its 400. */
function acceptedCombinations(model: EmulatedModel): Modality[][] {
  if (model.output === 'audio') return [['AUDIO']];
  if (model.output === 'image') return [['IMAGE'], ['IMAGE', 'TEXT']];
  return [['TEXT']];
}

function requestedModalities(req: GenerateContentRequest, model: EmulatedModel): Modality[] {
  const asked = req.generationConfig?.responseModalities;
  if (!asked || asked.length === 0) return model.output === 'image' ? ['IMAGE', 'TEXT'] : ['TEXT'];
  return [...new Set(asked.map((m) => String(m).toUpperCase() as Modality))].sort();
}

/**
 * Gemini's 400 for output a model cannot give, worded as real answers quote it ("The requested
 * combination of response modalities (TEXT) is not supported by the model.
 * models/gemini-2.0-flash-preview-image-generation accepts the following combination of response
 * modalities:\n* IMAGE, TEXT\n", as logged in several projects' issues), and for an unknown voice.
 */
export function checkMediaRequest(
  req: GenerateContentRequest,
  model: EmulatedModel,
): GoogleErrorBody | undefined {
  const asked = requestedModalities(req, model);
  const accepted = acceptedCombinations(model);
  if (!accepted.some((combo) => combo.join() === asked.join())) {
    return invalidArgument(
      `The requested combination of response modalities (${asked.join(', ')}) is not supported by the model. ` +
        `models/${model.id} accepts the following combination of response modalities:\n` +
        accepted.map((combo) => `* ${combo.join(', ')}\n`).join(''),
    );
  }
  const imageConfig = req.generationConfig?.imageConfig as
    { aspectRatio?: string; imageSize?: string } | undefined;
  if (imageConfig?.aspectRatio !== undefined && !IMAGE_ASPECT_RATIOS.includes(imageConfig.aspectRatio)) {
    return invalidArgument(`Unsupported aspect ratio: ${imageConfig.aspectRatio}.`);
  }
  if (imageConfig?.imageSize !== undefined && !IMAGE_SIZES.includes(imageConfig.imageSize)) {
    return invalidArgument(`Unsupported image size: ${imageConfig.imageSize}.`);
  }
  const voice = voiceOf(req);
  if (model.output === 'audio' && voice !== undefined && !VOICES.includes(voice)) {
    return invalidArgument(`Voice name ${voice} is not supported.`);
  }
  return undefined;
}

function voiceOf(req: GenerateContentRequest): string | undefined {
  const speech = req.generationConfig?.speechConfig as
    { voiceConfig?: { prebuiltVoiceConfig?: { voiceName?: string } } } | undefined;
  return speech?.voiceConfig?.prebuiltVoiceConfig?.voiceName;
}

/** The image an image model draws for a request: a function of its prompt, input images and shape. */
export function imageFor(req: GenerateContentRequest, model: EmulatedModel): MediaChunk {
  const imageConfig = (req.generationConfig?.imageConfig ?? {}) as {
    aspectRatio?: string;
    imageSize?: string;
  };
  const size = imageConfig.imageSize ?? '1K';
  const [width, height] = dimensionsFor(imageConfig.aspectRatio, LONG_SIDE[size] ?? 64);
  const inputs = createHash('sha256');
  for (const content of req.contents ?? [])
    for (const part of content.parts ?? []) if (part.inlineData) inputs.update(part.inlineData.data);
  const seed = `${model.id}\n${promptOf(req.contents ?? [])}\n${inputs.digest('hex')}`;
  const png = pngImage(seed, width, height);
  const tokens = model.family === '3' ? (size === '4K' ? 2000 : 1120) : 1290;
  return { inlineData: { mimeType: 'image/png', data: png.toString('base64') }, modality: 'IMAGE', tokens };
}

export function mediaAnswer(req: GenerateContentRequest, model: EmulatedModel): MediaAnswer {
  const prompt = promptOf(req.contents ?? []);
  if (model.output === 'audio') {
    const pcm = speechPcm(prompt, voiceOf(req) ?? 'Kore');
    const step = Math.round(AUDIO_CHUNK_SECONDS * PCM_RATE) * 2;
    const media: MediaChunk[] = [];
    for (let at = 0; at < pcm.length; at += step) {
      const piece = pcm.subarray(at, at + step);
      media.push({
        inlineData: { mimeType: PCM_MIME_TYPE, data: piece.toString('base64') },
        modality: 'AUDIO',
        tokens: Math.ceil((piece.length / 2 / PCM_RATE) * AUDIO_TOKENS_PER_SECOND),
      });
    }
    return { text: '', media };
  }
  const withText = requestedModalities(req, model).includes('TEXT');
  const edits = imagesOf(req.contents ?? []).length;
  const caption =
    edits > 0 ? `Here is the edited image (${edits} given).` : 'Here is the image you asked for.';
  return { text: withText ? caption : '', media: [imageFor(req, model)] };
}

/** Audio pieces in one part, as a whole (not streamed) answer carries them. */
export function joinAudio(media: readonly MediaChunk[]): MediaChunk[] {
  const audio = media.filter((m) => m.modality === 'AUDIO');
  if (audio.length <= 1) return [...media];
  const pcm = Buffer.concat(audio.map((m) => Buffer.from(m.inlineData.data, 'base64')));
  const joined: MediaChunk = {
    inlineData: { mimeType: PCM_MIME_TYPE, data: pcm.toString('base64') },
    modality: 'AUDIO',
    tokens: audio.reduce((sum, m) => sum + m.tokens, 0),
  };
  return [...media.filter((m) => m.modality !== 'AUDIO'), joined];
}
