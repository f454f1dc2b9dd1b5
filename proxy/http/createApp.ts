import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { GatewayContext } from './gatewayContext.js';
import type { AdminContext } from './admin/adminContext.js';
import { GatewayError } from './gatewayError.js';
import { cors } from './cors.js';
import { nativeModelRoutes } from './gemini/modelRoutes.js';
import { fileRoutes } from './gemini/fileRoutes.js';
import { cachedContentRoutes } from './gemini/cachedContentRoutes.js';
import { operationRoutes } from './gemini/operationRoutes.js';
import { interactionRoutes } from './interactions/interactionRoutes.js';
import { ModelCatalog } from '../dispatch/modelCatalog.js';
import { openaiRoutes } from './openai/openaiRoutes.js';
import { anthropicModelRoutes } from './anthropic/anthropicModelRoutes.js';
import { ADMIN_API_PATH, adminRouter } from './admin/adminRouter.js';
import { dashboardRoutes } from './admin/dashboardRoutes.js';
import { authenticate, hostAllowed, refuseHost, renderError } from './requestSteps.js';
import { createHotPath } from './hotPath.js';

export { MAX_BODY_BYTES } from './requestSteps.js';

/**
 * The gateway's request handler. Generation requests (POSTs to the Gemini actions, chat
 * completions, responses, embeddings) take the hot path; everything else goes through Express: the
 * dashboard and its admin API, model lists, the Files API and cachedContents, /health, and the 404
 * for anything unknown.
 */
export function createRequestHandler(ctx: GatewayContext) {
  const app = createApp(ctx);
  const hot = createHotPath(ctx, app);
  return (req: Parameters<typeof hot>[0], res: Parameters<typeof hot>[1]) => {
    if (!hot(req, res)) app(req, res);
  };
}

export function createApp(ctx: GatewayContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(hostGuard(ctx));
  const catalog = new ModelCatalog(ctx.dispatcher);
  // The dashboard and its API come before CORS and client auth: they have their own sessions, no
  // other origin may ever call them (whatever server.corsOrigins lists), and a client token must
  // never open them.
  if (ctx.admin) {
    app.use(ADMIN_API_PATH, adminRouter(ctx.admin.context, ctx.logger, catalog));
    app.use(dashboardRoutes(ctx.admin.context.sessions, ctx.admin.rendererDir));
  }
  app.use(cors(ctx));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use(clientAuth(ctx));
  if (ctx.admin) app.use(countTraffic(ctx.admin.context));
  app.use(nativeModelRoutes(ctx, catalog));
  app.use(fileRoutes(ctx));
  app.use(cachedContentRoutes(ctx));
  app.use(operationRoutes(ctx));
  app.use(anthropicModelRoutes(ctx, catalog));
  app.use(interactionRoutes(ctx));
  app.use(openaiRoutes(ctx, catalog));

  app.use((req, _res, next) => {
    next(new GatewayError(404, `No route for ${req.method} ${req.path}.`, { code: 'unknown_route' }));
  });
  app.use(errorHandler(ctx));
  return app;
}

function hostGuard(ctx: GatewayContext): RequestHandler {
  return (req, res, next) => (hostAllowed(ctx, req) ? next() : refuseHost(res));
}

function clientAuth(ctx: GatewayContext): RequestHandler {
  const touched = new Map<string, number>();
  return (req, res, next) => {
    Object.assign(res.locals, authenticate(ctx, req, touched));
    next();
  };
}

/** Feeds the dashboard's requests-per-second figure with every authenticated client request. */
function countTraffic(admin: AdminContext): RequestHandler {
  return (_req, res, next) => {
    res.once('close', () => admin.traffic.record(res.statusCode < 400 && res.writableFinished));
    next();
  };
}

function errorHandler(ctx: GatewayContext): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => renderError(ctx, req, res, error);
}
