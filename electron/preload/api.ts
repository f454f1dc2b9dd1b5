/**
 * What the desktop app's preload puts on `window.gemgateDesktop`, for the dashboard to import as a
 * type (`import type { GemgateDesktopApi } from '…/electron/preload/api.js'`). Type-only on purpose:
 * the renderer must never pull Electron code into its bundle, and this file imports nothing.
 *
 * In a plain browser (`gemgate serve`) the property is absent; the dashboard checks for it.
 */
export interface GemgateDesktopApi {
  readonly isDesktop: true;
  /**
   * A fresh one-time login token from the gateway. POST it to `/admin/api/login` to get the
   * session cookie; it never appears in a URL, so it never lands in history or logs.
   */
  getLoginToken(): Promise<string>;
  /** Puts text on the OS clipboard (at most 64 KiB). */
  copyToClipboard(text: string): Promise<void>;
  /** Opens an http(s) URL in the user's browser; anything else is refused. */
  openExternal(url: string): Promise<void>;
}

/** `window` as the dashboard sees it inside the desktop app, or in a browser (property absent). */
export interface GemgateDesktopWindow {
  readonly gemgateDesktop?: GemgateDesktopApi;
}
