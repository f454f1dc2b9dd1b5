import type { Request, Response } from 'express';
import type { ModelRoute } from '../../dispatch/modelRouter.js';
import type { ClientToken } from '../../store/clientTokens.js';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import { RequestTrace } from '../requestTrace.js';
import { routeOfModel } from './modelRoutes.js';

export interface OpenAIRequest {
  client: ClientToken;
  /** The request log's entry: one per request, however it ends, begun before any upstream call. */
  trace: RequestTrace;
  /** Who serves the model the body names (another provider's branches off), if it names one. */
  route: ModelRoute | undefined;
}

/** An OpenAI-dialect request as the generation routes begin it. */
export function openaiRequest(
  ctx: GatewayContext,
  req: Request,
  res: Response,
  endpoint: string,
): OpenAIRequest {
  const { client } = res.locals as ClientLocals;
  const trace = RequestTrace.ofClient(ctx.usage, res, { dialect: 'openai', endpoint });
  return { client, trace, route: routeOfModel(ctx, req.body) };
}
