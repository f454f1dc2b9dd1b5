import { Router } from 'express';
import type { AdminContext } from './adminContext.js';
import type { OverviewResponse } from './contract.js';
import { statusView } from './views.js';
import { reachOf, type Reach } from './lanAddresses.js';

/** The overview: status, endpoints, live traffic, today's tokens and cost. */
export function overviewRoutes(ctx: AdminContext): Router {
  const router = Router();

  router.get('/overview', (req, res) => {
    const status = statusView(ctx.status());
    // The address the browser used is the one the user's other apps on this machine can use too
    // (with --host 0.0.0.0, a phone uses the LAN address the user typed into the browser).
    const base = `http://${req.headers.host ?? new URL(status.url).host}`;
    const response: OverviewResponse = {
      version: ctx.version,
      status,
      endpoints: { gemini: base, openai: `${base}/v1` },
      reach: reachView(reachOf(ctx.boundUrl())),
      traffic: ctx.traffic.snapshot(),
      today: { totals: ctx.sources.usage.today(Date.now()) },
    };
    res.json(response);
  });

  return router;
}

function reachView(reach: Reach): OverviewResponse['reach'] {
  return {
    loopbackOnly: reach.loopbackOnly,
    lan: reach.lan.map(({ address, base }) => ({ address, gemini: base, openai: `${base}/v1` })),
  };
}
