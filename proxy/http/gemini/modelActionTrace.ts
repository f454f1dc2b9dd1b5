import type { Request, Response } from 'express';
import type { ApiVersion } from '../../upstream/geminiClient.js';
import type { ClientToken } from '../../store/clientTokens.js';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import { RequestTrace } from '../requestTrace.js';
import { parseModelAction } from './modelPath.js';

export interface ModelActionRequest {
  apiVersion: ApiVersion;
  model: string;
  action: string;
  client: ClientToken;
  /** The request log's entry: every request that reaches a route is recorded once, however it ends. */
  trace: RequestTrace;
}

/** A `/{v1beta|v1}/models/{model}:{action}` request as the Gemini-dialect routes begin it. */
export function modelActionRequest(ctx: GatewayContext, req: Request, res: Response): ModelActionRequest {
  const { apiVersion, model, action } = parseModelAction(req.path)!;
  const { client } = res.locals as ClientLocals;
  const trace = RequestTrace.ofClient(ctx.usage, res, {
    dialect: 'gemini',
    endpoint: action,
    model,
    stream: action === 'streamGenerateContent',
  });
  return { apiVersion, model, action, client, trace };
}
