import type { ApiVersion } from './types.js';

/**
 * The URL space Gemini serves under /v1 and /v1beta
 * (https://ai.google.dev/api/generate-content, /api/models, /api/tokens, /api/embeddings):
 *   GET  /{v}/models                       list
 *   GET  /{v}/models/{model}               get
 *   POST /{v}/models/{model}:{action}      generateContent, streamGenerateContent, countTokens,
 *                                          embedContent, batchEmbedContents, predict (Imagen),
 *                                          predictLongRunning (Veo)
 *   GET  /{v}/models/{model}/operations/{id}  a long-running operation (https://ai.google.dev/gemini-api/docs/video)
 */
export type Route =
  | { apiVersion: ApiVersion; kind: 'list' }
  | { apiVersion: ApiVersion; kind: 'get'; modelId: string }
  | { apiVersion: ApiVersion; kind: 'action'; modelId: string; action: string }
  | { apiVersion: ApiVersion; kind: 'operation'; modelId: string; name: string };

export const ACTIONS = new Set([
  'generateContent',
  'streamGenerateContent',
  'countTokens',
  'embedContent',
  'batchEmbedContents',
  'predict',
  'predictLongRunning',
]);

const OPERATION = /^\/(v1|v1beta)\/(models\/([^/:]+)\/operations\/[^/:]+)$/;

const PATH = /^\/(v1|v1beta)\/models(?:\/([^/:]+)(?::([A-Za-z]+))?)?\/?$/;

/** The API version of a path, when it has one (recorded even for paths that then 404). */
export function apiVersionOf(pathname: string): ApiVersion | undefined {
  const m = /^\/(v1|v1beta)(\/|$)/.exec(pathname);
  return m ? (m[1] as ApiVersion) : undefined;
}

export function parseRoute(method: string, rawPath: string): Route | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath); // some clients send ":" as %3A
  } catch {
    return undefined;
  }
  const op = OPERATION.exec(pathname);
  if (op && method === 'GET')
    return { apiVersion: op[1] as ApiVersion, kind: 'operation', modelId: op[3]!, name: op[2]! };
  const m = PATH.exec(pathname);
  if (!m) return undefined;
  const apiVersion = m[1] as ApiVersion;
  const modelId = m[2];
  const action = m[3];
  if (modelId === undefined) return method === 'GET' ? { apiVersion, kind: 'list' } : undefined;
  if (action === undefined) return method === 'GET' ? { apiVersion, kind: 'get', modelId } : undefined;
  if (method !== 'POST' || !ACTIONS.has(action)) return undefined;
  return { apiVersion, kind: 'action', modelId, action };
}
