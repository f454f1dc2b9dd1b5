import type { BrowserWindow, BrowserWindowConstructorOptions, Session } from 'electron';
import type { ElectronMain } from './electronApi.js';
import { originOf } from './security.js';

export interface DashboardWindowConfig {
  preloadPath: string;
  session: Session;
  /** The window icon; Linux needs it when run from a checkout (installed apps get it from .desktop). */
  iconPath?: string;
  /** DevTools only where a developer runs the app from a checkout. */
  devTools: boolean;
}

/**
 * The dashboard is a web page served by the gateway over plain HTTP on localhost, so it gets the
 * strictest settings Electron has: an isolated, sandboxed renderer without Node, whose preload
 * exposes four functions and nothing else (see electron/preload).
 */
export function dashboardWindowOptions(config: DashboardWindowConfig): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'gemgate',
    // Shown once painted, so it never flashes white.
    show: false,
    autoHideMenuBar: true,
    ...(config.iconPath ? { icon: config.iconPath } : {}),
    webPreferences: {
      preload: config.preloadPath,
      session: config.session,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: config.devTools,
    },
  };
}

/** The one dashboard window: opened on demand, focused when it exists, closed with the gateway. */
export class DashboardWindow {
  private window: BrowserWindow | null = null;

  constructor(
    private readonly electron: Pick<ElectronMain, 'BrowserWindow'>,
    private readonly options: () => BrowserWindowConstructorOptions,
    private readonly platform: NodeJS.Platform,
    private readonly onLoadFailed: (error: unknown) => void = () => undefined,
  ) {}

  get isOpen(): boolean {
    return this.window !== null && !this.window.isDestroyed();
  }

  /** Shows the dashboard at `url`, reusing the window when there is one. */
  open(url: string): void {
    const existing = this.isOpen ? this.window : null;
    if (existing) {
      // The gateway may have come back on another port since the page was loaded.
      if (originOf(existing.webContents.getURL()) !== originOf(url)) this.load(existing, url);
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      return;
    }
    const window = new this.electron.BrowserWindow(this.options());
    this.window = window;
    // The app menu's items (reload, devtools, zoom) have no place in this window on Windows and
    // Linux; macOS keeps the app menu, whose Edit roles make Cmd+C and Cmd+V work.
    if (this.platform !== 'darwin') window.removeMenu();
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (this.window === window) this.window = null;
    });
    this.load(window, url);
  }

  close(): void {
    if (this.isOpen) this.window?.close();
    this.window = null;
  }

  private load(window: BrowserWindow, url: string): void {
    window.loadURL(url).catch((error: unknown) => this.onLoadFailed(error));
  }
}
