import type { GatewayContext } from '../gatewayContext.js';
import type { ModelRoute } from '../../dispatch/modelRouter.js';
import { WrongProviderRoute } from '../../failures/failures.js';

/**
 * Who serves the model a request body names (ctx.models: catalogues, `provider/model`, aliases), read
 * before the body is parsed, so that another provider's model can branch off; undefined when the body
 * names no model (the parser then says so).
 */
export function routeOfModel(ctx: GatewayContext, body: unknown): ModelRoute | undefined {
  const requested = (body as { model?: unknown } | null)?.model;
  return typeof requested === 'string' ? ctx.models.resolve(requested) : undefined;
}

/**
 * Throws when the model is another provider's: only Chat Completions and embeddings are relayed to
 * other providers; responses, images and speech are Gemini's. Without this the request would
 * go to Gemini and come back as Gemini's 404 for a model it never heard of.
 */
export function assertServedByGemini(ctx: GatewayContext, model: string, endpoint: string): void {
  const route = ctx.models.resolve(model);
  if (route.kind === 'provider') throw new WrongProviderRoute(model, route.provider.name, endpoint);
}
