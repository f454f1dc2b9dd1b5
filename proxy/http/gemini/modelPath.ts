import { GatewayError } from '../gatewayError.js';
import type { ApiVersion } from '../../upstream/geminiClient.js';

export const GEMINI_ACTIONS = [
  'generateContent',
  'streamGenerateContent',
  'countTokens',
  'embedContent',
  'batchEmbedContents',
  'predict',
  'predictLongRunning',
] as const;
export type GeminiAction = (typeof GEMINI_ACTIONS)[number];

/** `/v1beta/models/gemini-2.5-flash:streamGenerateContent` -> its parts; undefined if it is not one. */
export const MODEL_ACTION_ROUTE = /^\/(v1beta|v1)\/models\/([^/:]+):([A-Za-z]+)$/;

export function isGeminiAction(action: string): action is GeminiAction {
  return (GEMINI_ACTIONS as readonly string[]).includes(action);
}

export function parseApiVersion(value: string | undefined): ApiVersion {
  return value === 'v1' ? 'v1' : 'v1beta';
}

/**
 * Accepts `gemini-2.5-flash`, `models/gemini-2.5-flash` and `google/gemini-2.5-flash`, percent-encoded
 * or not; a malformed escape in the path is the client's mistake, a 400.
 */
export function normalizeModelName(model: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(model);
  } catch {
    throw new GatewayError(400, `The model name in the path is not valid percent-encoding: ${model}`, {
      code: 'invalid_model',
    });
  }
  return decoded.replace(/^(models|google)\//, '');
}

/** A model action as a client addressed it: its API version, the model to call, the action. */
export interface ModelAction {
  apiVersion: ApiVersion;
  /** The model as gemgate calls it upstream: a bare id, or `tunedModels/{id}`. */
  model: string;
  action: string;
}

const MODEL_ACTION_PATH =
  /^\/(v1beta1|v1beta|v1)\/(?:models\/([^/:]+(?:\/[^/:]+)?)|tunedModels\/([^/:]+)|publishers\/([^/:]+)\/models\/([^/:]+)):([A-Za-z]+)$/;

/**
 * The ways clients name a model in an action's path, the way Google's own clients send them:
 *
 * | path                                                         | model called                 |
 * | ------------------------------------------------------------ | ---------------------------- |
 * | `/v1beta/models/gemini-2.5-flash:generateContent`            | gemini-2.5-flash             |
 * | `/v1beta/models/google%2Fgemini-2.5-flash:generateContent`   | gemini-2.5-flash             |
 * | `/v1beta/models/google/gemini-2.5-flash:generateContent`     | gemini-2.5-flash             |
 * | `/v1beta/tunedModels/my-model-1:generateContent`             | tunedModels/my-model-1       |
 * | `/v1beta1/publishers/google/models/imagen-4.0-generate-001:predict` | imagen-4.0-generate-001 |
 * | `/v1/models/…`                                               | the same, through Gemini's v1 |
 *
 * The last form is how the @google/genai SDK calls in Vertex mode (`vertexai: true` with an API
 * key and a base URL: tModel makes `publishers/google/models/{id}`, the API version `v1beta1`), the
 * only mode in which SDK 3 still sends `generateImages`; gemgate serves it through the Gemini API's
 * v1beta. Undefined for any other path; a malformed escape is a 400.
 */
export function parseModelAction(path: string): ModelAction | undefined {
  const match = MODEL_ACTION_PATH.exec(path);
  if (!match) return undefined;
  const [, version, modelId, tunedId, publisher, publishedId, action] = match;
  const apiVersion = parseApiVersion(version);
  let model: string;
  if (tunedId !== undefined) model = `tunedModels/${normalizeModelName(tunedId)}`;
  else if (publisher !== undefined) model = normalizeModelName(`${publisher}/${publishedId!}`);
  else model = normalizeModelName(modelId!);
  return { apiVersion, model, action: action! };
}

/** The action of a model action path (`generateContent`, `predict`, …), without decoding anything. */
export function actionOfPath(path: string): string | undefined {
  return MODEL_ACTION_PATH.exec(path)?.[6];
}
