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
  family: '2.5' | '3' | 'embedding';
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
  opts: { thinksByDefault?: boolean; thinkingRequired?: boolean } = {},
): EmulatedModel {
  return {
    id,
    family,
    thinksByDefault: opts.thinksByDefault ?? true,
    thinkingRequired: opts.thinkingRequired ?? false,
    publicInfo: {
      name: `models/${id}`,
      version,
      displayName,
      description,
      inputTokenLimit: 1_048_576,
      outputTokenLimit: 65_536,
      supportedGenerationMethods: [...GENERATE_METHODS],
      ...SAMPLING,
      thinking: true,
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
  embedding('gemini-embedding-001', '001', 'Gemini Embedding 001', 3072, [
    'embedContent',
    'countTextTokens',
    'countTokens',
    'asyncBatchEmbedContent',
  ]),
  embedding('text-embedding-004', '004', 'Text Embedding 004', 768, ['embedContent']),
];

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
