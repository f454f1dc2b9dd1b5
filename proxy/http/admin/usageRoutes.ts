import { Router } from 'express';
import { z } from 'zod';
import type { AdminContext } from './adminContext.js';
import { PENDING } from './adminContext.js';
import type { BackupStatusResponse, PricesResponse, RequestLogResponse, UsageResponse } from './contract.js';
import { AdminError } from './adminError.js';
import { pending } from './views.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const usageQuery = z.object({
  by: z.enum(['day', 'model', 'key', 'client']).default('day'),
  since: z.string().regex(DAY, 'use YYYY-MM-DD').optional(),
  until: z.string().regex(DAY, 'use YYYY-MM-DD').optional(),
});
const requestsQuery = z.object({
  client: z.string().max(100).optional(),
  model: z.string().max(100).optional(),
  key: z.string().max(100).optional(),
  status: z.enum(['ok', 'error']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().optional(),
});
const priceBody = z.strictObject({
  model: z.string().trim().min(1).max(100),
  inputPerMillion: z.number().min(0).max(10_000),
  outputPerMillion: z.number().min(0).max(10_000),
});
const passphrase = z.string().min(8, 'the passphrase needs at least 8 characters').max(1000);
const exportBody = z.strictObject({ passphrase });
const importBody = z.strictObject({ passphrase, data: z.string().min(1).max(20_000_000) });

/** Usage and cost, the request log, prices, backups: each answers Pending until its source exists. */
export function usageRoutes(ctx: AdminContext): Router {
  const router = Router();
  const { sources } = ctx;

  router.get('/usage', (req, res) => {
    const query = usageQuery.parse(req.query);
    const response: UsageResponse = sources.usage
      ? { available: true, by: query.by, ...sources.usage.summary(query) }
      : pending('usage');
    res.json(response);
  });

  router.get('/requests', (req, res) => {
    const query = requestsQuery.parse(req.query);
    const response: RequestLogResponse = sources.usage
      ? { available: true, entries: sources.usage.requests(query) }
      : pending('usage');
    res.json(response);
  });

  router.get('/prices', (_req, res) => {
    const response: PricesResponse = sources.prices
      ? { available: true, prices: sources.prices.list() }
      : pending('prices');
    res.json(response);
  });

  router.put('/prices/:model', (req, res) => {
    const body = priceBody.parse({ ...req.body, model: req.params.model });
    if (!sources.prices) throw new AdminError(409, PENDING.prices);
    res.json(sources.prices.set(body));
  });

  router.get('/backup', (_req, res) => {
    const response: BackupStatusResponse = sources.backup
      ? { available: true, lastExportAt: sources.backup.lastExportAt() }
      : pending('backup');
    res.json(response);
  });

  router.post('/backup/export', async (req, res) => {
    const body = exportBody.parse(req.body);
    if (!sources.backup) throw new AdminError(409, PENDING.backup);
    const file = await sources.backup.export(body.passphrase);
    const name = `gemgate-backup-${new Date().toISOString().slice(0, 10)}.gemgate`;
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    res.setHeader('cache-control', 'no-store');
    res.send(file);
  });

  router.post('/backup/import', async (req, res) => {
    const body = importBody.parse(req.body);
    if (!sources.backup) throw new AdminError(409, PENDING.backup);
    await sources.backup.import(Buffer.from(body.data, 'base64'), body.passphrase);
    await ctx.keysChanged('backup restored');
    res.status(204).end();
  });

  return router;
}
