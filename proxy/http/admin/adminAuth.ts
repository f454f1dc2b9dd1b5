import type { Request, RequestHandler, Response } from 'express';
import type { AdminSessions } from './sessions.js';
import { sendAdminError } from './adminError.js';

/**
 * The header every state-changing admin request must carry. A page on another site cannot send a
 * custom header to us without a CORS preflight, which gemgate never grants, so together with the
 * SameSite=Strict cookie this stops cross-site request forgery.
 */
export const CSRF_HEADER = 'x-gemgate-admin';

/**
 * The session cookie's name carries the port: cookies ignore ports, and two gemgates on one host
 * (the desktop app and a `serve`) must not sign each other out.
 */
export function sessionCookieName(req: Request): string {
  return `gemgate_session_${req.socket.localPort ?? 0}`;
}

export function readSessionCookie(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const name = sessionCookieName(req);
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function setSessionCookie(req: Request, res: Response, session: string): void {
  // No Max-Age: a cookie that expired 12 h after sign-in would end a session in daily use. The
  // server ends idle sessions itself (SESSION_IDLE_MS), and the browser drops this one on quit.
  res.append('Set-Cookie', `${sessionCookieName(req)}=${session}; Path=/; HttpOnly; SameSite=Strict`);
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('Set-Cookie', `${sessionCookieName(req)}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses requests a browser sent on another site's behalf (403). Runs before the session check. */
export function csrfGuard(): RequestHandler {
  return (req, res, next) => {
    // Browsers say where a request comes from; a cross-site one never belongs here, even a GET.
    const fetchSite = req.headers['sec-fetch-site'];
    if (fetchSite === 'cross-site') return sendAdminError(res, 403, 'Cross-site requests are refused.');
    const origin = req.headers.origin;
    // Behind a TLS-terminating proxy the page's origin is https with the same host.
    if (
      origin !== undefined &&
      origin !== `http://${req.headers.host}` &&
      origin !== `https://${req.headers.host}`
    ) {
      return sendAdminError(res, 403, 'Requests from another origin are refused.');
    }
    if (SAFE_METHODS.has(req.method)) return next();
    if (req.headers[CSRF_HEADER] !== '1') {
      return sendAdminError(res, 403, `State-changing admin requests need the header ${CSRF_HEADER}: 1.`);
    }
    next();
  };
}

/** 401 without a live session. Client tokens (Bearer, x-goog-api-key, ?key=) open nothing here. */
export function requireSession(sessions: AdminSessions): RequestHandler {
  return (req, res, next) => {
    if (sessions.touch(readSessionCookie(req))) return next();
    sendAdminError(
      res,
      401,
      'Not signed in to the dashboard. Open the one-time link `gemgate serve` printed (or the desktop app). Client tokens do not open the admin API.',
    );
  };
}
