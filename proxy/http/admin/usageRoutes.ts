import { Router } from 'express';
import { z } from 'zod';
import type { AdminContext } from './adminContext.js';
import type {
  BackupExportRequest,
  BackupImportRequest,
  BackupImportResponse,
  BackupStatusResponse,
  PriceInput,
  PricesResponse,
  RequestChoicesResponse,
  RequestDetailResponse,
  RequestLogQuery,
  RequestLogResponse,
  UsageQuery,
  UsageResponse,
} from './contract.js';
import { AdminError } from './adminError.js';
import { outline, schemaFor } from './schemaFor.js';
import { modelPriceSchema } from '../../usage/modelPrice.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const usageQuery = schemaFor<UsageQuery>()(
  z.object({
    by: z.enum(['day', 'provider', 'model', 'key', 'client', 'client-model']).default('day'),
    since: z.string().regex(DAY, 'use YYYY-MM-DD').optional(),
    until: z.string().regex(DAY, 'use YYYY-MM-DD').optional(),
  }),
);
const requestsQuery = schemaFor<RequestLogQuery>()(
  z.object({
    client: z.string().max(100).optional(),
    model: z.string().max(100).optional(),
    key: z.string().max(100).optional(),
    status: z.enum(['ok', 'error', 'refused']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    before: z.coerce.number().int().optional(),
    beforeId: z.coerce.number().int().optional(),
  }),
);
// A price's own rules live with the prices (PriceTable.set applies them, so their messages reach the
// user); here only its outline, and the proof that those rules take exactly the contract's PriceInput.
const priceBody = outline;
schemaFor<PriceInput>()(modelPriceSchema);
const passphrase = z.string().min(8, 'the passphrase needs at least 8 characters').max(1000);
const exportBody = schemaFor<BackupExportRequest>()(z.strictObject({ passphrase }));
const importBody = schemaFor<BackupImportRequest>()(
  z.strictObject({
    passphrase,
    data: z.string().min(1).max(20_000_000),
    mode: z.enum(['merge', 'replace']),
    dryRun: z.boolean().optional(),
  }),
);

/** Usage and cost, the request log, prices, backups. */
export function usageRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { sources, prices, backups } = ctx;

  router.get('/usage', (req, res) => {
    const query = usageQuery.parse(req.query);
    const response: UsageResponse = { by: query.by, ...sources.usage.summary(query) };
    res.json(response);
  });

  router.get('/requests', (req, res) => {
    const query = requestsQuery.parse(req.query);
    const response: RequestLogResponse = sources.requests.page(query);
    res.json(response);
  });

  router.get('/requests/choices', (_req, res) => {
    const response: RequestChoicesResponse = sources.requests.choices();
    res.json(response);
  });

  router.get('/requests/:id', (req, res) => {
    const response: RequestDetailResponse | undefined = sources.requests.detail(Number(req.params.id));
    if (!response)
      throw new AdminError(404, `No request ${req.params.id} in the log (it may have been pruned).`);
    res.json(response);
  });

  router.get('/prices', (_req, res) => {
    const response: PricesResponse = { prices: prices.list() };
    res.json(response);
  });

  router.put('/prices/:model', async (req, res) => {
    const body = priceBody.parse(req.body);
    const model = req.params.model;
    prices.set({ ...body, model });
    await ctx.settingsChanged('prices');
    const stored = prices.list().find((price) => price.model === model.replace(/^models\//, ''));
    ctx.feed.publish('settings', { name: `price of ${model}` });
    res.json(stored);
  });

  router.delete('/prices/:model', async (req, res) => {
    if (!prices.reset(req.params.model.replace(/^models\//, '')))
      throw new AdminError(404, `No price of yours for ${req.params.model}: it already has the default.`);
    await ctx.settingsChanged('prices');
    ctx.feed.publish('settings', { name: `price of ${req.params.model}` });
    res.status(204).end();
  });

  router.get('/backup', (_req, res) => {
    const response: BackupStatusResponse = { lastExportAt: backups.lastExportAt() };
    res.json(response);
  });

  router.post('/backup/export', async (req, res) => {
    const body = exportBody.parse(req.body);
    const file = await backups.export(body.passphrase);
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('cache-control', 'no-store');
    res.send(file.content);
  });

  router.post('/backup/import', async (req, res) => {
    const body = importBody.parse(req.body);
    const result: BackupImportResponse = await backups.import(body);
    if (!body.dryRun) {
      await ctx.settingsChanged('backup restored');
      await ctx.keysChanged('backup restored');
      ctx.feed.publish('tokens', { reason: 'backup restored' });
      ctx.feed.publish('settings', { name: 'backup restored' });
    }
    res.json(result);
  });

  return router;
}
