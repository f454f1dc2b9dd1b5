import { Router } from 'express';
import { z } from 'zod';
import type { AdminContext } from './adminContext.js';
import type { AddProviderRequest, ProviderView, ProvidersResponse } from './contract.js';
import { schemaFor } from './schemaFor.js';
import type { ProviderSummary } from '../../keys/providerAdmin.js';
import { PROVIDER_PRESETS } from '../../config/providerPresets.js';
import { AdminError } from './adminError.js';
import { fieldsOf } from './views.js';

const addProviderBody = schemaFor<AddProviderRequest>()(
  z.strictObject({
    name: z.string().trim().min(1, 'a name is required').max(40),
    baseUrl: z.string().trim().min(1, 'a base URL or preset is required').max(500),
    models: z.array(z.string().max(200)).min(1).max(1000).optional(),
    continuation: z.enum(['partial', 'prefix', 'prompt']).optional(),
  }),
);

/**
 * Providers on the Accounts page: Gemini (built in) and OpenAI-compatible services, added (checked
 * for reachability first) and removed with their keys. Their keys are added through POST /keys.
 */
export function providerRoutes(ctx: AdminContext): Router {
  const router = Router();
  const admin = ctx.providers;

  router.get('/providers', (_req, res) => {
    res.json(providersResponse(ctx, admin.list()));
  });

  router.post('/providers', async (req, res) => {
    const body = addProviderBody.parse(req.body);
    const provider = await admin.add(body);
    await ctx.keysChanged(`provider ${provider.name} added`);
    res.status(201).json(providerView({ ...provider, keys: 0, activeKeys: 0 }));
  });

  router.delete('/providers/:name', async (req, res) => {
    if (!ctx.store.providers.get(req.params.name)) {
      throw new AdminError(
        404,
        `No provider named "${req.params.name}" (gemini, built in, cannot be removed).`,
      );
    }
    const { provider } = await admin.remove(req.params.name);
    await ctx.keysChanged(`provider ${provider.name} removed`);
    res.status(204).end();
  });

  return router;
}

function providersResponse(ctx: AdminContext, others: ProviderSummary[]): ProvidersResponse {
  const geminiKeys = ctx.store.keys.list().filter((key) => key.provider === 'gemini');
  const gemini: ProviderView = {
    name: 'gemini',
    kind: 'gemini',
    baseUrl: ctx.client.origin,
    models: [],
    modelsSource: 'builtin',
    continuation: null,
    preset: null,
    keys: geminiKeys.length,
    activeKeys: geminiKeys.filter((key) => key.state === 'active').length,
    createdAt: null,
  };
  return {
    providers: [gemini, ...others.map(providerView)],
    presets: PROVIDER_PRESETS.map((preset) => ({
      name: preset.name,
      baseUrl: preset.baseUrl,
      continuation: preset.continuation,
      describe: preset.describe,
    })),
  };
}

/** Field by field, as views.ts does: nothing added to the record later slips into an answer. */
function providerView(provider: ProviderSummary): ProviderView {
  return fieldsOf(provider, [
    'name',
    'kind',
    'baseUrl',
    'models',
    'modelsSource',
    'continuation',
    'preset',
    'keys',
    'activeKeys',
    'createdAt',
  ]);
}
