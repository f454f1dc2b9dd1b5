import { Router } from 'express';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import type { ModelCatalog } from '../../dispatch/modelCatalog.js';
import { toModelList } from '../../translate/anthropic/index.js';
import { dialectOf } from '../dialect.js';
import { GatewayError } from '../gatewayError.js';
import { geminiModelFor } from './messagesRoute.js';

/**
 * `GET /v1/models` and `GET /v1/models/{id}` in Anthropic's shape, for callers that speak it (they
 * send `anthropic-version`; dialect.ts): the Gemini models the client's policy shows, paged by
 * `limit`, `after_id` and `before_id` as Anthropic pages them. A Claude id is looked up as the Gemini
 * model that serves it (models/claudeModels.ts, models.aliases), under the id the client asked for.
 */
export function anthropicModelRoutes(ctx: GatewayContext, catalog: ModelCatalog): Router {
  const router = Router();
  const visible = async (locals: ClientLocals) =>
    ctx.policies.visibleModels(locals.client, await catalog.list('v1beta'));

  router.get('/v1/models', async (req, res, next) => {
    if (dialectOf(req) !== 'anthropic') return next();
    const text = (name: string) =>
      typeof req.query[name] === 'string' ? (req.query[name] as string) : undefined;
    const limit = text('limit');
    res.json(
      toModelList(await visible(res.locals as ClientLocals), {
        limit: limit === undefined ? undefined : Number(limit) || undefined,
        afterId: text('after_id'),
        beforeId: text('before_id'),
      }),
    );
  });

  router.get('/v1/models/:model', async (req, res, next) => {
    if (dialectOf(req) !== 'anthropic') return next();
    const id = String(req.params.model);
    const model = geminiModelFor(ctx, id, 'GET /v1/models');
    const { client } = res.locals as ClientLocals;
    ctx.policies.assertModel(client, model);
    const found = toModelList(await catalog.list('v1beta'), { limit: 1000 }).data.find(
      (info) => info.id === model,
    );
    if (!found) throw new GatewayError(404, `model: ${id}`, { code: 'model_not_found' });
    res.json({ ...found, id });
  });

  return router;
}
