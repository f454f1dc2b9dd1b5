import type { GatewayContext } from './gatewayContext.js';
import type { ModelRoute } from '../dispatch/modelRouter.js';
import { WrongProviderRoute } from '../failures/failures.js';

/**
 * The Gemini model a request names, resolved (aliases, `models/` and `google/` dropped); throws when
 * the model is another provider's. Only Chat Completions and embeddings are relayed to other
 * providers; every other route of every dialect (Gemini's own, Anthropic's, Responses, images,
 * speech, Interactions) is Gemini's. Without this the request would go to Gemini and come back as
 * Gemini's 404 for a model it never heard of.
 */
export function assertServedByGemini(
  ctx: GatewayContext,
  model: string,
  endpoint: string,
): Extract<ModelRoute, { kind: 'gemini' }> {
  const route = ctx.models.resolve(model);
  if (route.kind === 'provider') throw new WrongProviderRoute(model, route.provider.name, endpoint);
  return route;
}
