import express, { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../../log/logger.js';
import type { AdminContext } from './adminContext.js';
import {
  clearSessionCookie,
  csrfGuard,
  readSessionCookie,
  requireSession,
  setSessionCookie,
} from './adminAuth.js';
import { adminErrorHandler, sendAdminError } from './adminError.js';
import { keyRoutes } from './keyRoutes.js';
import { providerRoutes } from './providerRoutes.js';
import { tokenRoutes } from './tokenRoutes.js';
import { settingsRoutes } from './settingsRoutes.js';
import { eventRoutes } from './eventRoutes.js';
import { overviewRoutes } from './overviewRoutes.js';
import { usageRoutes } from './usageRoutes.js';
import { fileAdminRoutes } from './fileAdminRoutes.js';
import { modelAdminRoutes, type GeminiCatalog } from './modelRoutes.js';
import { maskApiKeysIn } from '../../util/apiKey.js';
import { liveSecrets } from '../../log/liveSecrets.js';
import type { LoginRequest, SessionResponse } from './contract.js';
import { schemaFor } from './schemaFor.js';
import { SESSION_IDLE_MS } from './sessions.js';

export const ADMIN_API_PATH = '/admin/api';

/** Backups travel base64 in JSON; everything else is a few kilobytes. */
const BODY_LIMIT = '25mb';

/** A sign-in body is one token of at most 200 characters. */
const LOGIN_BODY_BYTES = 2048;

const loginBody = schemaFor<LoginRequest>()(z.strictObject({ token: z.string().min(1).max(200) }));

/**
 * The dashboard's API, mounted at /admin/api before client-token auth: it has its own session
 * auth and CSRF defence, and a client token opens nothing here. Answers are JSON, never cached.
 * No body is read before the session is checked: anyone who can reach the port (the LAN, on a LAN
 * bind) could otherwise make gemgate hold 25 MB per request without signing in. Only the sign-in
 * itself reads a body first, of a couple of kilobytes.
 */
export function adminRouter(ctx: AdminContext, logger: Logger, catalog?: GeminiCatalog): Router {
  const router = Router();
  router.use((_req, res, next) => {
    res.setHeader('cache-control', 'no-store');
    next();
  });
  router.use(neverLeakKeys());
  router.use(csrfGuard());

  router.post(
    '/login',
    refuseDeclaredOver(LOGIN_BODY_BYTES),
    express.json({ limit: LOGIN_BODY_BYTES }),
    (req, res) => {
      const { token } = loginBody.parse(req.body);
      const session = ctx.sessions.redeem(token);
      if (!session) return sendAdminError(res, 401, 'This sign-in token is unknown, used or expired.');
      setSessionCookie(req, res, session);
      res.status(204).end();
    },
  );

  router.post('/logout', (req, res) => {
    ctx.sessions.end(readSessionCookie(req));
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/session', (req, res) => {
    const response: SessionResponse = ctx.sessions.touch(readSessionCookie(req))
      ? { signedIn: true, idleTimeoutMs: SESSION_IDLE_MS }
      : { signedIn: false };
    res.json(response);
  });

  router.use(requireSession(ctx.sessions));
  router.use(express.json({ limit: BODY_LIMIT }));
  router.use(overviewRoutes(ctx));
  router.use(keyRoutes(ctx));
  router.use(providerRoutes(ctx));
  router.use(tokenRoutes(ctx));
  router.use(settingsRoutes(ctx));
  router.use(eventRoutes(ctx));
  router.use(usageRoutes(ctx));
  router.use(fileAdminRoutes(ctx));
  router.use(modelAdminRoutes(ctx, catalog));
  router.use((req, res) => sendAdminError(res, 404, `No admin route for ${req.method} ${req.path}.`));
  router.use(adminErrorHandler(logger));
  return router;
}

/**
 * A body declared larger than `limit` is refused at once, with its bytes unread: body-parser would
 * answer only once the client had sent them all.
 */
function refuseDeclaredOver(limit: number): RequestHandler {
  return (req, res, next) => {
    if (!(Number(req.headers['content-length']) > limit)) return next();
    sendAdminError(res, 413, 'The body is too large.');
  };
}

/**
 * Belt and braces: whatever a route or a library puts in a JSON answer, a key the gateway holds (by
 * value, any provider's) or a string shaped like one (Gemini's, or an `sk-` key of another provider)
 * leaves masked. The routes already send masked forms only; this catches mistakes. Client tokens
 * are not masked here: creating one is the single answer that must show it.
 */
function neverLeakKeys(): RequestHandler {
  return (_req, res, next) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const text = JSON.stringify(body);
      if (text === undefined) return json(body);
      const masked = maskApiKeysIn(liveSecrets.mask(text));
      return json(masked === text ? body : JSON.parse(masked));
    };
    next();
  };
}
