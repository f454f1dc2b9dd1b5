import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { GatewayContext, ClientLocals } from '../app/gatewayContext.js';
import type { AdminContext } from './admin/adminContext.js';
import { GatewayError } from './gatewayError.js';
import { isAllowedHost } from './hostCheck.js';
import { cors } from './cors.js';
import { jsonDepthGuard } from './jsonDepth.js';
import { presentedCredential } from './clientAuth.js';
import { dialectOf, sendError } from './dialect.js';
import { nativeGeminiRoutes } from './gemini/nativeRoutes.js';
import { nativeModelRoutes } from './gemini/modelRoutes.js';
import { ModelCatalog } from '../models/modelCatalog.js';
import { openaiRoutes } from './openai/openaiRoutes.js';
import { OpenAIError } from '../translate/openai/index.js';
import { ADMIN_API_PATH, adminRouter } from './admin/adminRouter.js';
import { dashboardRoutes } from './admin/dashboardRoutes.js';

/** Gemini accepts up to 20 MB per request (inline images included); so does gemgate. */
export const MAX_BODY_BYTES = 20 * 1024 * 1024;

export function createApp(ctx: GatewayContext): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(hostGuard(ctx));
  // The dashboard and its API come before CORS and client auth: they have their own sessions, no
  // other origin may ever call them (whatever server.corsOrigins lists), and a client token must
  // never open them.
  if (ctx.admin) {
    app.use(ADMIN_API_PATH, adminRouter(ctx.admin.context, ctx.logger));
    app.use(dashboardRoutes(ctx.admin.context.sessions, ctx.admin.rendererDir));
  }
  app.use(cors(ctx));
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  const catalog = new ModelCatalog(ctx.dispatcher);
  app.use(express.json({ limit: MAX_BODY_BYTES, type: () => true }));
  app.use(jsonDepthGuard());
  app.use(clientAuth(ctx));
  if (ctx.admin) app.use(countTraffic(ctx.admin.context));
  app.use(nativeModelRoutes(ctx, catalog));
  app.use(nativeGeminiRoutes(ctx));
  app.use(openaiRoutes(ctx, catalog));

  app.use((req, _res, next) => {
    next(new GatewayError(404, `No route for ${req.method} ${req.path}.`, { code: 'unknown_route' }));
  });
  app.use(errorHandler(ctx));
  return app;
}

function hostGuard(ctx: GatewayContext): RequestHandler {
  return (req, res, next) => {
    if (isAllowedHost(req.headers.host, ctx.settings()['server.allowedHosts'])) return next();
    // Not rendered in a dialect: this is not a client of ours but a browser led here by DNS rebinding.
    res
      .status(403)
      .type('text/plain')
      .send('Host not allowed. Add it to the server.allowedHosts setting if you meant it.\n');
  };
}

function clientAuth(ctx: GatewayContext): RequestHandler {
  const lastTouched = new Map<string, number>();
  return (req, res, next) => {
    const credential = presentedCredential(req);
    if (!credential) {
      return next(
        new GatewayError(
          401,
          'Missing gemgate client token. Send it as `Authorization: Bearer`, `x-goog-api-key` or `?key=`.',
          {
            code: 'missing_api_key',
          },
        ),
      );
    }
    const client = ctx.tokens.verify(credential.token);
    if (!client) {
      return next(
        new GatewayError(401, 'Invalid gemgate client token. Create one with `gemgate tokens create NAME`.', {
          code: 'invalid_api_key',
        }),
      );
    }
    const now = Date.now();
    if ((lastTouched.get(client.id) ?? 0) < now - 60_000) {
      lastTouched.set(client.id, now);
      ctx.tokens.touch(client.id, now);
    }
    const locals: ClientLocals = { client, credentialStyle: credential.style };
    Object.assign(res.locals, locals);
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
  return (error: unknown, req, res, _next) => {
    const gatewayError = toGatewayError(error);
    if (gatewayError.status >= 500 && !(error instanceof GatewayError)) {
      ctx.logger.error({ err: error, path: req.path, dialect: dialectOf(req) }, 'unexpected error');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendError(req, res, gatewayError);
  };
}

function toGatewayError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof OpenAIError) {
    return new GatewayError(error.status, error.message, { param: error.param, code: error.code });
  }
  const bodyError = error as { type?: string; status?: number; limit?: number };
  if (bodyError.type === 'entity.too.large') {
    return new GatewayError(413, `Request body too large: the limit is ${MAX_BODY_BYTES / 1024 / 1024} MB.`, {
      code: 'request_too_large',
    });
  }
  if (bodyError.type === 'entity.parse.failed') {
    return new GatewayError(400, 'Invalid JSON payload received: the request body is not valid JSON.', {
      code: 'invalid_json',
    });
  }
  if (typeof bodyError.status === 'number' && bodyError.status >= 400 && bodyError.status < 500) {
    return new GatewayError(bodyError.status, (error as Error).message);
  }
  if ((error as Error)?.name === 'AbortError') return new GatewayError(499, 'Client closed the request.');
  return new GatewayError(500, 'gemgate hit an unexpected error; see its log.', { code: 'internal_error' });
}
