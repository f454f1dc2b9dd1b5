import type { ListModelsResponse } from '../../gemini/types.js';
import type { ModelList } from './types.js';

/**
 * Methods the OpenAI dialect can serve: chat (generateContent, streamed or not), embeddings, and
 * Imagen's `predict` (`/v1/images/generations`). Models offering only other methods (Veo's
 * `predictLongRunning`, AQA's `generateAnswer`) would fail every request an OpenAI client sends,
 * so they are not listed.
 */
const SERVABLE_METHODS = new Set([
  'generateContent',
  'streamGenerateContent',
  'embedContent',
  'batchEmbedContents',
  'predict',
]);

export interface ModelListOptions {
  /**
   * Gemini says nothing about when a model was created; OpenAI clients only sort or display it.
   * Defaults to 0; the route may pass something else (e.g. the time of the listing).
   */
  created?: number;
}

/**
 * Gemini ListModels page(s) -> OpenAI `GET /v1/models` (https://platform.openai.com/docs/api-reference/models/list).
 * Ids lose the `models/` prefix, since that is what clients then send as `model`; duplicates across
 * pages (or keys) appear once, in first-seen order.
 */
export function fromGeminiModels(
  pages: ListModelsResponse | ListModelsResponse[],
  options: ModelListOptions = {},
): ModelList {
  const seen = new Set<string>();
  const data: ModelList['data'] = [];
  for (const page of Array.isArray(pages) ? pages : [pages]) {
    for (const model of page.models ?? []) {
      const methods = model.supportedGenerationMethods;
      if (methods && !methods.some((m) => SERVABLE_METHODS.has(m))) continue;
      const id = model.name.replace(/^models\//, '');
      if (seen.has(id)) continue;
      seen.add(id);
      data.push({ id, object: 'model', created: options.created ?? 0, owned_by: 'google' });
    }
  }
  return { object: 'list', data };
}
