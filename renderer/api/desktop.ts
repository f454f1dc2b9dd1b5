// The desktop app's bridge, when the dashboard runs inside its window (the preload defines
// `window.gemgateDesktop`); absent in a plain browser. Its type comes from the preload's type-only
// file, so nothing of Electron reaches this bundle.
import type { GemgateDesktopApi, GemgateDesktopWindow } from '../../electron/preload/api';

export function desktopBridge(): GemgateDesktopApi | undefined {
  return (window as GemgateDesktopWindow).gemgateDesktop;
}

/** Copies through the desktop bridge when there is one (its clipboard always works), else the browser's. */
export async function copyText(text: string): Promise<void> {
  const desktop = desktopBridge();
  if (desktop) return desktop.copyToClipboard(text);
  if (navigator.clipboard) return navigator.clipboard.writeText(text);
  throw new Error('The clipboard is not available here: select the text and copy it.');
}

/**
 * Saves a blob the way a browser saves a download: through a link clicked on the caller's behalf. The
 * object URL outlives the click a while, since the download may read it after the click returns.
 */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
