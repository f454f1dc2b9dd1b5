import { Router } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { ModelCatalog } from '../../dispatch/modelCatalog.js';
import { parseApiVersion } from './modelPath.js';
import { readJsonBody } from '../../upstream/geminiClient.js';
import { dialectOf } from '../dialect.js';
import type { ClientLocals } from '../gatewayContext.js';

/**
 * `GET /v1beta/models` (and `/v1/models` when the caller authenticates the Gemini way) in Gemini's
 * shape, paginated like Gemini (pageSize, pageToken) over the cached list.
 */
export function nativeModelRoutes(ctx: GatewayContext, catalog: ModelCatalog): Router {
  const router = Router();

  router.get(['/v1beta/models', '/v1/models'], async (req, res, next) => {
    if (dialectOf(req) !== 'gemini') return next();
    const { client } = res.locals as ClientLocals;
    // Client policy: models the token may not use, or hides, are not listed.
    const models = ctx.policies.visibleModels(
      client,
      await catalog.list(parseApiVersion(req.path.split('/')[1])),
    );
    const pageSize = clamp(Number(req.query.pageSize) || 50, 1, 1000);
    const offset = decodePageToken(req.query.pageToken);
    const page = models.slice(offset, offset + pageSize);
    const nextOffset = offset + page.length;
    res.json({
      models: page,
      ...(nextOffset < models.length ? { nextPageToken: encodePageToken(nextOffset) } : {}),
    });
  });

  router.get(['/v1beta/models/:model', '/v1/models/:model'], async (req, res, next) => {
    if (dialectOf(req) !== 'gemini') return next();
    const version = parseApiVersion(req.path.split('/')[1]);
    const model = String(req.params.model).replace(/^models\//, '');
    ctx.policies.assertModel((res.locals as ClientLocals).client, model);
    const opened = await ctx.dispatcher.get(`${version}/models/${encodeURIComponent(model)}`, 'models.get');
    res.setHeader('x-gemgate-key-id', opened.lease.keyId);
    res.json(await readJsonBody(opened.response.body));
  });

  return router;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodePageToken(token: unknown): number {
  if (typeof token !== 'string' || !token) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString());
  return match ? Number(match[1]) : 0;
}
