import fs from 'node:fs';
import path from 'node:path';
import express, { Router, type RequestHandler, type Response } from 'express';
import type { AdminSessions } from './sessions.js';
import { setSessionCookie } from './adminAuth.js';

/**
 * The dashboard page may run only our own script and talk only to us. Vite's build has no inline
 * script, so `script-src 'self'` holds; React and the charts set styles through the DOM, which a
 * style-src without 'unsafe-inline' still allows.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(res: Response): void {
  res.setHeader('content-security-policy', DASHBOARD_CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  // The sign-in URL carries a token: it must never travel on as a Referer.
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
}

/**
 * Serves the built dashboard (dist/renderer) at `/`, and turns a one-time sign-in link
 * (`/?token=…`) into a session cookie, then redirects to `/` so the token leaves the address bar
 * and the history.
 */
export function dashboardRoutes(sessions: AdminSessions, rendererDir: string | undefined): Router {
  const router = Router();
  const indexFile = rendererDir ? path.join(rendererDir, 'index.html') : undefined;

  router.get('/', (req, res) => {
    securityHeaders(res);
    res.setHeader('cache-control', 'no-store');
    const token = req.query.token;
    if (typeof token === 'string') {
      const session = sessions.redeem(token);
      if (session) setSessionCookie(req, res, session);
      // A used or expired link lands on the page, which says how to get a fresh one.
      return res.redirect(303, session ? '/' : '/?signin=expired');
    }
    if (!indexFile || !fs.existsSync(indexFile)) {
      return res
        .status(503)
        .type('text/plain')
        .send('The dashboard is not built. Run `npm run build:renderer` (or `npm run build`).\n');
    }
    res.sendFile(indexFile);
  });

  if (rendererDir) {
    // Vite names built files by content hash, so they can be cached for good.
    router.use(
      '/assets',
      withHeaders(),
      express.static(path.join(rendererDir, 'assets'), {
        immutable: true,
        maxAge: '365d',
        index: false,
        fallthrough: true,
      }),
    );
    router.get('/favicon.svg', withHeaders(), (_req, res, next) => {
      const file = path.join(rendererDir, 'favicon.svg');
      if (!fs.existsSync(file)) return next();
      res.sendFile(file);
    });
  }
  return router;
}

function withHeaders(): RequestHandler {
  return (_req, res, next) => {
    securityHeaders(res);
    next();
  };
}

/**
 * Finds dist/renderer from wherever this code runs: the sources (proxy/http/admin), the CLI
 * bundle (dist/cli.mjs) or the desktop bundle (dist/electron/main.cjs).
 */
export function findRendererDir(start: string): string | undefined {
  let dir = start;
  for (let depth = 0; depth < 6; depth++) {
    // Only a built copy: the repository's renderer/ has an index.html too, Vite's unbuilt source.
    const candidate =
      path.basename(dir) === 'dist' ? path.join(dir, 'renderer') : path.join(dir, 'dist', 'renderer');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
