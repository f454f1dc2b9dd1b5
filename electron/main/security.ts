import type { Session, WebContents } from 'electron';

/**
 * The dashboard gets its own persistent session, so the header rewriting and permission rules
 * below apply to it alone, and its cookies survive restarts.
 */
export const DASHBOARD_PARTITION = 'persist:gemgate-dashboard';

/**
 * A floor for what the dashboard may do, added to every response in its session. The gateway
 * sends its own CSP too; a page under two policies must satisfy both, so this one can only
 * tighten, never loosen. Inline styles stay allowed: chart and UI libraries set style attributes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The response headers with our CSP added beside any the server sent. */
export function withContentSecurityPolicy(
  headers: Record<string, string[]> | undefined,
): Record<string, string[]> {
  const result: Record<string, string[]> = { ...headers };
  const key = Object.keys(result).find((name) => name.toLowerCase() === 'content-security-policy');
  if (key) result[key] = [...(result[key] ?? []), CONTENT_SECURITY_POLICY];
  else result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return result;
}

/** The dashboard needs no camera, notifications, clipboard reads or the like: deny them all. */
export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** http(s) URLs only: no file:, javascript:, custom schemes or anything the OS would run. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export interface NavigationPolicy {
  /** The gateway's origin, or null while it is off (then nothing may load). */
  allowedOrigin(): string | null;
  /** Opens a link in the user's browser. */
  openExternal(url: string): void;
}

/**
 * Applied to every WebContents the app creates (app 'web-contents-created'), so no window, even
 * one made by mistake, can open popups, leave the gateway's origin or embed a <webview>. Links to
 * the wider web go to the user's browser instead.
 */
export function guardWebContents(contents: WebContents, policy: NavigationPolicy): void {
  const isGateway = (url: string): boolean => {
    const allowed = policy.allowedOrigin();
    return allowed !== null && originOf(url) === allowed;
  };
  const sendOut = (url: string): void => {
    if (isWebUrl(url) && !isGateway(url)) policy.openExternal(url);
  };
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (isGateway(event.url)) return;
    event.preventDefault();
    sendOut(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!isGateway(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
