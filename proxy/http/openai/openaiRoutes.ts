import { Router, type Response } from 'express';
import type { GatewayContext } from '../gatewayContext.js';
import type { ModelCatalog } from '../../dispatch/modelCatalog.js';
import { fromGeminiModels } from '../../translate/openai/index.js';
import { GatewayError } from '../gatewayError.js';
import { deleteResponse, retrieveResponse } from './responsesRoute.js';
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
  // Client policy: models the token may not use, or hides, are not listed.
  const visible = async (res: Response) =>
    ctx.policies.visibleModels((res.locals as ClientLocals).client, await catalog.list('v1beta'));
  router.get(at('/models'), async (_req, res) => {
    res.json(fromGeminiModels([{ models: await visible(res) }]));
  });
  router.get(at('/models/:model'), async (req, res) => {
    const id = String(req.params.model);
    // A hidden model is still the client's to look up; one its policy forbids is refused by name.
    ctx.policies.assertModel((res.locals as ClientLocals).client, id);
    const list = fromGeminiModels([{ models: await catalog.list('v1beta') }]);
    const model = list.data.find((entry) => entry.id === id);
    if (!model)
      throw new GatewayError(404, `The model '${id}' does not exist.`, {
        code: 'model_not_found',
        param: 'model',
      });
    res.json(model);
  });
  // Stored responses (store: true); creating one is a POST and takes the hot path.
  router.get(at('/responses/:id'), (req, res) => retrieveResponse(ctx, req, res));
  router.delete(at('/responses/:id'), (req, res) => deleteResponse(ctx, req, res));
  return router;
}
