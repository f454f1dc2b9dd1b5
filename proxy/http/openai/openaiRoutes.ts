import { Router, type Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { ModelCatalog } from '../../dispatch/modelCatalog.js';
import { fromGeminiModels } from '../../translate/openai/index.js';
import { GatewayError } from '../gatewayError.js';
import { deleteResponse, retrieveResponse } from './responsesRoute.js';
import { listResponseInputItems } from './responseInputItemsRoute.js';
import type { ModelList } from '../../translate/openai/types.js';
import type { ClientLocals } from '../gatewayContext.js';

/**
 * OpenAI's dialect, its GET and DELETE routes (chat completions, embeddings, responses, images and speech: hotPath.ts). Each answers at `/v1/...` (the openai SDK, Roo Code, Cline), without the
 * prefix (ChatBox with a bare host), and at `/v1beta/openai/...` (Google's own compatibility path,
 * for clients configured with it).
 */
export const OPENAI_PREFIXES = ['/v1', '', '/v1beta/openai'];
const at = (path: string) => OPENAI_PREFIXES.map((prefix) => `${prefix}${path}`);

export function openaiRoutes(ctx: GatewayContext, catalog: ModelCatalog): Router {
  const router = Router();
  // POSTs (chat completions, embeddings, images, speech) take the hot path (hotPath.ts), not this router.
  // Client policy: providers and models the token may not use, or hides, are not listed.
  const list = async (res: Response): Promise<ModelList> => {
    const client = (res.locals as ClientLocals).client;
    const providers = ctx.models.providers();
    const policy = ctx.policies.policyOf(client);
    const data: ModelList['data'] = [];
    if (!policy.allowProviders || policy.allowProviders.includes('gemini')) {
      try {
        data.push(...fromGeminiModels([{ models: await visible(res) }]).data);
      } catch (error) {
        // Without Gemini keys, the other providers' models are still worth listing.
        if (providers.length === 0) throw error;
      }
    }
    for (const provider of providers) {
      const models = ctx.policies.visibleModels(
        client,
        provider.models.map((name) => ({ name })),
        provider.name,
      );
      for (const { name } of models) {
        data.push({ id: `${provider.name}/${name}`, object: 'model', created: 0, owned_by: provider.name });
      }
    }
    return { object: 'list', data };
  };
  const visible = async (res: Response) =>
    ctx.policies.visibleModels((res.locals as ClientLocals).client, await catalog.list('v1beta'));
  router.get(at('/models'), async (_req, res) => {
    res.json(await list(res));
  });
  router.get(at('/models/:model'), async (req, res) => {
    const id = String(req.params.model);
    const route = ctx.models.resolve(id);
    const client = (res.locals as ClientLocals).client;
    if (route.kind === 'provider') {
      ctx.policies.assertModel(client, route.model, route.provider.name);
      if (!route.provider.models.includes(route.model)) throw modelNotFound(id);
      res.json({
        id: `${route.provider.name}/${route.model}`,
        object: 'model',
        created: 0,
        owned_by: route.provider.name,
      });
      return;
    }
    // A hidden model is still the client's to look up; one its policy forbids is refused by name.
    ctx.policies.assertModel(client, id);
    const list = fromGeminiModels([{ models: await catalog.list('v1beta') }]);
    const model = list.data.find((entry) => entry.id === id);
    if (!model) throw modelNotFound(id);
    res.json(model);
  });
  // Stored responses (all but store: false); creating one is a POST and takes the hot path.
  router.get(at('/responses/:id'), (req, res) => retrieveResponse(ctx, req, res));
  router.get(at('/responses/:id/input_items'), (req, res) => listResponseInputItems(ctx, req, res));
  router.delete(at('/responses/:id'), (req, res) => deleteResponse(ctx, req, res));
  return router;
}

function modelNotFound(id: string): GatewayError {
  return new GatewayError(404, `The model '${id}' does not exist.`, {
    code: 'model_not_found',
    param: 'model',
  });
}
