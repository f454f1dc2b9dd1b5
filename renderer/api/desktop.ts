// The desktop app's bridge, when the dashboard runs inside its window (the preload defines
// `window.gemgateDesktop`); absent in a plain browser. Declared here rather than imported: the
// renderer must not import anything from electron/.
interface GemgateDesktopApi {
  readonly isDesktop: true;
  getLoginToken(): Promise<string>;
  copyToClipboard(text: string): Promise<void>;
  openExternal(url: string): Promise<void>;
}

export function desktopBridge(): GemgateDesktopApi | undefined {
  return (window as { gemgateDesktop?: GemgateDesktopApi }).gemgateDesktop;
}

/** Copies through the desktop bridge when there is one (its clipboard always works), else the browser's. */
export async function copyText(text: string): Promise<void> {
  const desktop = desktopBridge();
  if (desktop) return desktop.copyToClipboard(text);
  if (navigator.clipboard) return navigator.clipboard.writeText(text);
  throw new Error('The clipboard is not available here: select the text and copy it.');
}
