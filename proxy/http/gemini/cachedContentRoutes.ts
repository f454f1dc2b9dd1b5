import { Router, type Request } from 'express';
import type { ClientLocals, GatewayContext } from '../gatewayContext.js';
import { GatewayError } from '../gatewayError.js';
import { abortOnClientGone } from '../responseWriter.js';
import { readRequestJson } from '../requestSteps.js';
import { RequestTrace } from '../requestTrace.js';
import { decodePathSegment } from '../pathSegment.js';
import { lowerCamelBody } from './lowerCamelBody.js';
import { atOwner, listPage, versionOf, type ListPaging } from './fileRoutes.js';
import { answerJson, clientIdOf, expiryOf, ownRecord, recordOwned, speaksGemini } from './ownedResources.js';

/**
 * cachedContents (https://ai.google.dev/api/caching) in Gemini's own shapes. A cache belongs to
 * the project whose key created it, like a file:
 *
 * | route                                         | does                                                   |
 * | --------------------------------------------- | ------------------------------------------------------ |
 * | `POST /{v}/cachedContents`                    | created through a project the client's policy allows for its model; the project of its files, when it names any |
 * | `GET /{v}/cachedContents?pageSize=&pageToken=`| the client's own caches, as their owners now see them  |
 * | `GET`/`PATCH`/`DELETE /{v}/cachedContents/{id}` | at the owner; PATCH changes only the expiration      |
 *
 * Generation naming `cachedContent` goes to the owner (dispatch/fileOwnership.ts).
 */
export function cachedContentRoutes(ctx: GatewayContext): Router {
  const router = Router();

  router.post(/^\/(v1beta|v1)\/cachedContents\/?$/, async (req, res, next) => {
    const version = versionOf(req);
    if (!speaksGemini(version, res)) return next();
    const clientId = clientIdOf(res);
    // One spelling, so that the ownership check below sees every file the cache would hold.
    const body = lowerCamelBody(await readRequestJson(ctx, req, res));
    const model =
      typeof (body as { model?: unknown }).model === 'string' ? (body as { model: string }).model : '';
    const trace = new RequestTrace(ctx.usage, res, {
      clientId,
      dialect: 'gemini',
      endpoint: 'cachedContents.create',
      model: model.replace(/^models\//, '') || null,
      stream: false,
    });
    try {
      if (!model)
        throw new GatewayError(400, 'cachedContent.model is required, e.g. "models/gemini-2.5-flash".');
      ctx.dispatcher.assertVisibleTo(body, clientId);
      const admission = ctx.policies.admit((res.locals as ClientLocals).client, model);
      const owner = ctx.files.ownership.ownerOf(body);
      const opened = await ctx.dispatcher.resource({
        method: 'POST',
        target: `${version}/cachedContents`,
        body: JSON.stringify(body),
        quotaModel: 'cachedContents',
        ...(owner ? { owner } : {}),
        keyScope: admission.keyScope,
        signal: abortOnClientGone(res).signal,
      });
      trace.key(opened.lease.keyId);
      const cache = await answerJson(opened);
      recordOwned(ctx, 'cachedContent', cache, opened.lease.projectId, clientId);
      res.setHeader('x-gemgate-key-id', opened.lease.keyId);
      // Gemini bills a cache (its tokens, then storage by the hour) without usage gemgate could price.
      trace.ok(undefined, true);
      res.json(cache);
    } catch (error) {
      trace.failed(error);
      throw error;
    }
  });

  router.get(/^\/(v1beta|v1)\/cachedContents\/?$/, async (req, res, next) => {
    if (!speaksGemini(versionOf(req), res)) return next();
    res.json(await listPage(ctx, req, res, 'cachedContent', CACHES_PAGE));
  });

  router.all(/^\/(v1beta|v1)\/cachedContents\/[^/:]+$/, async (req, res, next) => {
    const version = versionOf(req);
    const method = req.method;
    if (!speaksGemini(version, res) || (method !== 'GET' && method !== 'PATCH' && method !== 'DELETE'))
      return next();
    const id = cacheIdOf(req);
    const record = ownRecord(ctx, res, `cachedContents/${id}`);
    const body =
      method === 'PATCH' ? JSON.stringify(lowerCamelBody(await readRequestJson(ctx, req, res))) : undefined;
    const mask =
      typeof req.query.updateMask === 'string'
        ? `?${new URLSearchParams({ updateMask: req.query.updateMask })}`
        : '';
    const opened = await atOwner(ctx, record, () =>
      ctx.dispatcher.resource({
        method,
        target: `${version}/cachedContents/${encodeURIComponent(id)}${method === 'PATCH' ? mask : ''}`,
        ...(body !== undefined ? { body } : {}),
        quotaModel: 'cachedContents',
        owner: { projectId: record.projectId, resource: record.name },
        signal: abortOnClientGone(res).signal,
      }),
    );
    const answer = await answerJson(opened);
    if (method === 'DELETE') ctx.files.registry.delete(record.name);
    else ctx.files.registry.refresh(record.name, answer, expiryOf('cachedContent', answer));
    res.setHeader('x-gemgate-key-id', opened.lease.keyId);
    res.json(answer);
  });

  return router;
}

/** The API's own bound for cachedContents.list is 1000 a page; gemgate's default page is 100. */
/** Google's page sizes for cachedContents.list (https://ai.google.dev/api/caching#method:-cachedcontents.list). */
const CACHES_PAGE: ListPaging = { field: 'cachedContents', defaultSize: 100, maxSize: 1000 };

function cacheIdOf(req: Request): string {
  return decodePathSegment(req.path.split('/').pop() ?? '');
}
