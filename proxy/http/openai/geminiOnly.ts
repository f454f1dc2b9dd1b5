import type { GatewayContext } from '../gatewayContext.js';
import { WrongProviderRoute } from '../../failures/failures.js';

/**
 * Throws when the model is another provider's: only Chat Completions and embeddings are relayed to
 * other providers; responses, images and speech are Gemini's. Without this the request would
 * go to Gemini and come back as Gemini's 404 for a model it never heard of.
 */
export function assertServedByGemini(ctx: GatewayContext, model: string, endpoint: string): void {
  const route = ctx.models.resolve(model);
  if (route.kind === 'provider') throw new WrongProviderRoute(model, route.provider.name, endpoint);
}
