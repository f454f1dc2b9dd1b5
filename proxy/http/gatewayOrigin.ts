import type { Request } from 'express';

/**
 * This gateway as the client reached it: the Host it used (already checked against the allowed
 * hosts), and https when a proxy in front says so. For URLs gemgate hands out that point back at
 * itself (an upload's session, a generated video), so that a client following one sends its gemgate
 * token to gemgate, never to Google.
 */
export function gatewayOrigin(req: Request): string {
  const proto = req.headers['x-forwarded-proto'];
  const scheme = (Array.isArray(proto) ? proto[0] : proto) === 'https' ? 'https' : 'http';
  return `${scheme}://${req.headers.host}`;
}
