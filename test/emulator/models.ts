import type { GeminiModel } from '../../proxy/gemini/types.js';

/**
 * The model catalogue. Public fields follow https://ai.google.dev/api/models#Model and the values the
 * real ListModels returns (as quoted in client fixtures: version "001", limits 1048576/65536,
 * temperature 1, topP 0.95, topK 64, maxTemperature 2, thinking true; embedding models with
 * outputTokenLimit 1). Generation methods are listed the way Gemini lists them: "generateContent"
 * implies streamGenerateContent, "embedContent" implies batchEmbedContents.
 *
 * Private fields describe behaviour the emulator needs: the family (Gemini 3 validates thought
 * signatures and rejects a trailing model turn), how thinking is configured, embedding dimensions.
 */
export interface EmulatedModel {
  id: string;
  family: '2.5' | '3' | 'embedding' | 'imagen' | 'veo';
  /**
   * What generateContent answers with: text, or (image and speech models) text and images, or audio
   * only. Imagen and Veo answer `predict` / `predictLongRunning` instead.
   */
  output: 'text' | 'image' | 'audio';
  /** Thinks unless told otherwise (2.5 Flash-Lite only thinks when given a budget). */
  thinksByDefault: boolean;
  /** 2.5 Pro cannot switch thinking off (thinkingBudget 0 is refused). */
  thinkingRequired: boolean;
  /** Embedding size before outputDimensionality. */
  dimensions?: number;
  publicInfo: GeminiModel;
}

const GENERATE_METHODS = ['generateContent', 'countTokens', 'createCachedContent', 'batchGenerateContent'];
const SAMPLING = { temperature: 1, topP: 0.95, topK: 64, maxTemperature: 2 };

function generative(
  id: string,
  family: '2.5' | '3',
  version: string,
  displayName: string,
  description: string,
  opts: {
    thinksByDefault?: boolean;
    thinkingRequired?: boolean;
    output?: EmulatedModel['output'];
    limits?: [number, number];
  } = {},
): EmulatedModel {
  const [inputTokenLimit, outputTokenLimit] = opts.limits ?? [1_048_576, 65_536];
  return {
    id,
    family,
    output: opts.output ?? 'text',
    thinksByDefault: opts.thinksByDefault ?? true,
    thinkingRequired: opts.thinkingRequired ?? false,
    publicInfo: {
      name: `models/${id}`,
      version,
      displayName,
      description,
      inputTokenLimit,
      outputTokenLimit,
      supportedGenerationMethods: [...GENERATE_METHODS],
      ...SAMPLING,
      // Text models all list thinking (2.5 Flash-Lite too); of the media models only Gemini 3's think.
      thinking: (opts.output ?? 'text') === 'text' || family === '3',
    },
  };
}

/**
 * Imagen (`predict`, https://ai.google.dev/gemini-api/docs/imagen) and Veo (`predictLongRunning`,
 * https://ai.google.dev/gemini-api/docs/video): ListModels shows them with that one method and a
 * prompt-sized input limit.
 */
function predictive(
  id: string,
  family: 'imagen' | 'veo',
  displayName: string,
  description: string,
): EmulatedModel {
  return {
    id,
    family,
    output: family === 'imagen' ? 'image' : 'text',
    thinksByDefault: false,
    thinkingRequired: false,
    publicInfo: {
      name: `models/${id}`,
      version: '001',
      displayName,
      description,
      inputTokenLimit: 480,
      outputTokenLimit: 8192,
      supportedGenerationMethods: [family === 'imagen' ? 'predict' : 'predictLongRunning'],
    },
  };
}

function embedding(
  id: string,
  version: string,
  displayName: string,
  dimensions: number,
  methods: string[],
): EmulatedModel {
  return {
    id,
    family: 'embedding',
    output: 'text',
    thinksByDefault: false,
    thinkingRequired: false,
    dimensions,
    publicInfo: {
      name: `models/${id}`,
      version,
      displayName,
      description: 'Obtain a distributed representation of a text.',
      inputTokenLimit: 2048,
      outputTokenLimit: 1,
      supportedGenerationMethods: methods,
    },
  };
}

export const MODELS: readonly EmulatedModel[] = [
  generative(
    'gemini-2.5-pro',
    '2.5',
    '2.5',
    'Gemini 2.5 Pro',
    'Stable release (June 17th, 2025) of Gemini 2.5 Pro',
    {
      thinkingRequired: true,
    },
  ),
  generative(
    'gemini-2.5-flash',
    '2.5',
    '001',
    'Gemini 2.5 Flash',
    'Stable version of Gemini 2.5 Flash, our mid-size multimodal model that supports up to 1 million tokens, released in June of 2025.',
  ),
  generative(
    'gemini-2.5-flash-lite',
    '2.5',
    '001',
    'Gemini 2.5 Flash-Lite',
    'Stable version of Gemini 2.5 Flash-Lite, released in July of 2025',
    { thinksByDefault: false },
  ),
  generative(
    'gemini-3-pro-preview',
    '3',
    '3-pro-preview-11-2025',
    'Gemini 3 Pro Preview',
    'Gemini 3 Pro Preview',
  ),
  generative(
    'gemini-3-flash-preview',
    '3',
    '3-flash-preview-12-2025',
    'Gemini 3 Flash Preview',
    'Gemini 3 Flash Preview',
  ),
  // Image and speech models (https://ai.google.dev/gemini-api/docs/image-generation ,
  // /docs/speech-generation): generateContent with IMAGE or AUDIO output. 2.5 Flash Image and the TTS
  // models do not think; 3 Pro Image does. TTS models take at most 8192 input tokens.
  generative('gemini-2.5-flash-image', '2.5', '2.0', 'Nano Banana', 'Gemini 2.5 Flash Image', {
    thinksByDefault: false,
    output: 'image',
    limits: [32_768, 32_768],
  }),
  generative('gemini-3-pro-image-preview', '3', '3.0', 'Nano Banana Pro', 'Gemini 3 Pro Image Preview', {
    output: 'image',
    limits: [131_072, 32_768],
  }),
  generative(
    'gemini-2.5-flash-preview-tts',
    '2.5',
    'gemini-2.5-flash-exp-tts-2025-05-19',
    'Gemini 2.5 Flash Preview TTS',
    'Gemini 2.5 Flash Preview TTS',
    { thinksByDefault: false, output: 'audio', limits: [8192, 16_384] },
  ),
  generative(
    'gemini-2.5-pro-preview-tts',
    '2.5',
    'gemini-2.5-pro-preview-tts-2025-05-19',
    'Gemini 2.5 Pro Preview TTS',
    'Gemini 2.5 Pro Preview TTS',
    { thinksByDefault: false, output: 'audio', limits: [8192, 16_384] },
  ),
  predictive('imagen-4.0-generate-001', 'imagen', 'Imagen 4', 'Vertex served Imagen 4.0 model'),
  predictive(
    'imagen-4.0-fast-generate-001',
    'imagen',
    'Imagen 4 Fast',
    'Vertex served Imagen 4.0 Fast model',
  ),
  predictive(
    'imagen-4.0-ultra-generate-001',
    'imagen',
    'Imagen 4 Ultra',
    'Vertex served Imagen 4.0 ultra model',
  ),
  predictive('veo-3.0-generate-001', 'veo', 'Veo 3', 'Veo 3'),
  embedding('gemini-embedding-001', '001', 'Gemini Embedding 001', 3072, [
    'embedContent',
    'countTextTokens',
    'countTokens',
    'asyncBatchEmbedContent',
  ]),
  embedding('text-embedding-004', '004', 'Text Embedding 004', 768, ['embedContent']),
];

/**
 * Models Google shut down, which answer generate calls with the "no longer available" 404
 * (errors.ts modelRetired): the 2.0 models, shut down on 2026-06-01 (firebase.google.com/docs/ai-logic,
 * "Gemini 2.0 Flash and Flash-Lite models will shut down on June 1, 2026", page updated 2026-05-13).
 */
export const RETIRED_MODELS: readonly string[] = [
  'gemini-2.0-flash',
  'gemini-2.0-flash-001',
  'gemini-2.0-flash-lite',
  'gemini-2.0-flash-lite-001',
];

/** Accepts "gemini-2.0-flash" and "models/gemini-2.0-flash". */
export function isRetired(idOrName: string): boolean {
  return RETIRED_MODELS.includes(idOrName.replace(/^models\//, ''));
}

/** Accepts "gemini-2.5-flash" and "models/gemini-2.5-flash". */
export function findModel(idOrName: string): EmulatedModel | undefined {
  const id = idOrName.startsWith('models/') ? idOrName.slice('models/'.length) : idOrName;
  return MODELS.find((m) => m.id === id);
}

/** The action names a model's supportedGenerationMethods allow. */
export function supports(model: EmulatedModel, action: string): boolean {
  const methods = model.publicInfo.supportedGenerationMethods ?? [];
  if (action === 'streamGenerateContent') return methods.includes('generateContent');
  if (action === 'batchEmbedContents') return methods.includes('embedContent');
  return methods.includes(action);
}

/**
 * One page of ListModels. The page token is an opaque offset; Gemini's default page size is 50 and
 * its maximum 1000 (https://ai.google.dev/api/models#method:-models.list).
 */
export function listPage(
  pageSize: number | undefined,
  pageToken: string | undefined,
): {
  models: GeminiModel[];
  nextPageToken?: string;
} {
  const size = Math.min(1000, pageSize && pageSize > 0 ? Math.floor(pageSize) : 50);
  const start = pageToken ? decodePageToken(pageToken) : 0;
  const models = MODELS.slice(start, start + size).map((m) => structuredClone(m.publicInfo));
  const next = start + size;
  return next < MODELS.length ? { models, nextPageToken: encodePageToken(next) } : { models };
}

function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodePageToken(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : 0;
}
