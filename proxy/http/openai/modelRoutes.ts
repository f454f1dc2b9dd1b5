import type { GatewayContext } from '../gatewayContext.js';
import type { ModelRoute } from '../../dispatch/modelRouter.js';

/**
 * Who serves the model a request body names (ctx.models: catalogues, `provider/model`, aliases), read
 * before the body is parsed, so that another provider's model can branch off; undefined when the body
 * names no model (the parser then says so).
 */
export function routeOfModel(ctx: GatewayContext, body: unknown): ModelRoute | undefined {
  const requested = (body as { model?: unknown } | null)?.model;
  return typeof requested === 'string' ? ctx.models.resolve(requested) : undefined;
}
