import { Router } from 'express';
import type { AdminContext } from './adminContext.js';
import type { ModelsResponse, PoolModelView } from './contract.js';
import type { GeminiModel } from '../../gemini/types.js';

/** Gemini's model list, as the gateway's own catalogue fetches and caches it through the pool. */
export interface GeminiCatalog {
  list(apiVersion: 'v1beta'): Promise<GeminiModel[]>;
}

/** The methods that make a model worth offering to a chat client or an app: generation and embeddings. */
const OFFERED = new Set(['generateContent', 'embedContent', 'predict']);

/**
 * The models the pool can serve, for pickers (a token's allowed models): Gemini's catalogue, as its
 * keys list it, and each other provider's models. When Gemini cannot be asked (no key, offline) the
 * others still come, with a word on why Gemini's are missing.
 */
export function modelAdminRoutes(ctx: AdminContext, catalog: GeminiCatalog | undefined): Router {
  const router = Router();

  router.get('/models', async (_req, res) => {
    const models: PoolModelView[] = [];
    let geminiUnavailable: string | null = null;
    if (catalog) {
      try {
        for (const model of await catalog.list('v1beta')) {
          if (!(model.supportedGenerationMethods ?? []).some((method) => OFFERED.has(method))) continue;
          models.push({
            id: model.name.replace(/^models\//, ''),
            provider: 'gemini',
            displayName: model.displayName ?? null,
          });
        }
      } catch (error) {
        geminiUnavailable = error instanceof Error ? error.message : String(error);
      }
    } else geminiUnavailable = 'the model catalogue is not available here';
    for (const provider of ctx.store.providers.list()) {
      for (const id of provider.models) models.push({ id, provider: provider.name, displayName: null });
    }
    const response: ModelsResponse = { models, geminiUnavailable };
    res.json(response);
  });

  return router;
}
