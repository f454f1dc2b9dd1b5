import path from 'node:path';
import { APP_NAME, type GatewayOptions } from '../../proxy/app/gatewayApi.js';
import { DashboardWindow, dashboardWindowOptions } from './dashboardWindow.js';
import type { ElectronMain } from './electronApi.js';
import { GatewayController, type StartGateway } from './gatewayController.js';
import { createIpcRouter, registerIpc } from './ipc.js';
import { createLoginItem, wasStartedAtLogin, type LoginItem, type LoginItemContext } from './loginItem.js';
import { Notifier, alertNotice } from './notifications.js';
import { DASHBOARD_PARTITION, guardWebContents, hardenSession, originOf } from './security.js';
import { TrayPresenter } from './tray.js';
import type { TrayActions, TrayView } from './trayMenu.js';

export interface DesktopAppDeps {
  electron: ElectronMain;
  startGateway: StartGateway;
  /** Files built next to main.cjs. */
  paths: { preload: string; trayIconDir: string; appIcon: string };
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  execPath: string;
  homedir: string;
  log?: Pick<Console, 'info' | 'warn' | 'error'>;
  /** Tuning, for tests: see TrayPresenter and DesktopApp.shutdown. */
  trayMinIntervalMs?: number;
  quitTimeoutMs?: number;
}

/**
 * The data folder: Electron's userData for an app named gemgate, which is the very folder
 * `gemgate serve` uses by default (~/.config/gemgate, ~/Library/Application Support/gemgate,
 * %APPDATA%\gemgate), so the desktop app and the CLI share one database and one set of keys.
 * Set explicitly rather than left to the product name, whose casing could drift. GEMGATE_DATA_DIR
 * wins here as it does for the CLI.
 */
export function useDataDir(app: ElectronMain['app'], env: NodeJS.ProcessEnv): string {
  const dir = env.GEMGATE_DATA_DIR
    ? path.resolve(env.GEMGATE_DATA_DIR)
    : path.join(app.getPath('appData'), APP_NAME);
  app.setPath('userData', dir);
  return dir;
}

/**
 * The gateway's options in the desktop app: loopback only (LAN serving is `gemgate serve`'s job), and
 * the OS keychain, which the installers always carry: the headless command may fall back to an
 * encrypted file when the keychain module is missing, the desktop app never does (unless the user
 * asks for the file store with GEMGATE_SECRET_STORE=file).
 */
export function gatewayOptions(dataDir: string, env: NodeJS.ProcessEnv): GatewayOptions {
  const options: GatewayOptions = {
    dataDir,
    host: '127.0.0.1',
    env: { GEMGATE_SECRET_STORE: 'keychain', ...env },
  };
  // Otherwise the `server.port` setting decides. Tests and side-by-side checkouts set this.
  const port = env.GEMGATE_PORT ? Number(env.GEMGATE_PORT) : Number.NaN;
  if (Number.isInteger(port) && port >= 0 && port <= 65535) options.port = port;
  return options;
}

/** `desktop 2025-01-31 14:05`, in local time: tells the user's tokens apart in the dashboard. */
export function desktopTokenName(now: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  return `desktop ${date} ${pad(now.getHours())}:${pad(now.getMinutes())}`;
}

/**
 * The desktop app: one gateway, one tray icon, one dashboard window at most, notifications.
 * Built by `runDesktopApp` once the single-instance lock is held.
 */
export class DesktopApp {
  readonly controller: GatewayController;
  /** Settles when the app has finished starting (tray shown, gateway started or failed). */
  readonly ready: Promise<void>;
  private readonly log: Pick<Console, 'info' | 'warn' | 'error'>;
  private readonly loginContext: LoginItemContext;
  private readonly loginItem: LoginItem;
  private startAtLogin = false;
  private tray: TrayPresenter | null = null;
  private window: DashboardWindow | null = null;
  private notifier: Notifier | null = null;
  private readonly disposers: Array<() => void> = [];
  private quitState: 'running' | 'closing' | 'closed' = 'running';
  private launched = false;

  constructor(
    private readonly deps: DesktopAppDeps,
    dataDir: string,
  ) {
    this.log = deps.log ?? console;
    const { app } = deps.electron;
    this.controller = new GatewayController(deps.startGateway, gatewayOptions(dataDir, deps.env));
    this.loginContext = {
      app,
      platform: deps.platform,
      execPath: deps.execPath,
      env: deps.env,
      homedir: deps.homedir,
    };
    this.loginItem = createLoginItem(this.loginContext);

    // Launching the app again (from the menu, a shortcut, the AppImage) means "show me gemgate".
    app.on('second-instance', () => void this.openDashboard());
    // macOS: opening the already running app from Finder or Spotlight. Electron's docs say this
    // may also fire as the app launches; a launch at login must not open a window, so only
    // activations after start-up count.
    app.on('activate', () => {
      if (this.launched) void this.openDashboard();
    });
    // A tray app outlives its windows; listening here is what stops Electron quitting.
    app.on('window-all-closed', () => undefined);
    app.on('web-contents-created', (_event, contents) =>
      guardWebContents(contents, {
        allowedOrigin: () => this.gatewayOrigin(),
        openExternal: (url) => this.openExternal(url),
      }),
    );
    app.on('before-quit', (event) => {
      if (this.quitState === 'closed') return;
      // Hold the quit until the gateway has finished its requests and closed its database.
      event.preventDefault();
      if (this.quitState === 'closing') return;
      this.quitState = 'closing';
      void this.shutdown().finally(() => {
        this.quitState = 'closed';
        app.quit();
      });
    });

    this.ready = app
      .whenReady()
      .then(() => this.onReady())
      .finally(() => (this.launched = true))
      .catch((error: unknown) => {
        // Without a tray the app cannot be used or even quit by the user: do not linger.
        this.log.error('gemgate: the desktop app failed to start:', error);
        app.quit();
      });
  }

  get dashboard(): DashboardWindow | null {
    return this.window;
  }

  /** Opens (or focuses) the dashboard, turning the gateway on first if it is off. */
  async openDashboard(): Promise<void> {
    await this.ready;
    if (this.quitState !== 'running' || !this.window) return;
    await this.controller.start();
    const gateway = this.controller.running;
    if (!gateway) {
      this.reportStartFailure();
      return;
    }
    this.window.open(gateway.url);
    // Without a dock icon the app is not activated by showing a window: bring it forward.
    if (this.deps.platform === 'darwin') this.deps.electron.app.focus({ steal: true });
  }

  private async onReady(): Promise<void> {
    const { electron, platform, paths } = this.deps;
    // A menu bar app: no dock icon (the packaged app also says LSUIElement in its Info.plist).
    if (platform === 'darwin') electron.app.dock?.hide();

    const session = electron.session.fromPartition(DASHBOARD_PARTITION);
    hardenSession(session);
    this.window = new DashboardWindow(
      electron,
      () =>
        dashboardWindowOptions({
          preloadPath: paths.preload,
          session,
          devTools: !electron.app.isPackaged,
          ...(platform === 'linux' ? { iconPath: paths.appIcon } : {}),
        }),
      platform,
      (error) => this.log.warn('gemgate: the dashboard did not load:', error),
    );

    this.disposers.push(
      registerIpc(
        electron.ipcMain,
        createIpcRouter({
          allowedOrigin: () => this.gatewayOrigin(),
          handlers: {
            'gemgate:get-login-token': () => {
              const gateway = this.controller.running;
              if (!gateway) throw new Error('The gateway is off.');
              return gateway.createLoginToken();
            },
            'gemgate:copy-to-clipboard': (text) => electron.clipboard.writeText(text),
            'gemgate:open-external': (url) => electron.shell.openExternal(url),
          },
          onRefused: (channel, reason) =>
            this.log.warn(`gemgate: refused IPC ${JSON.stringify(channel)}: ${reason}`),
        }),
      ),
    );

    const notifier = new Notifier(electron, {
      onClick: () => void this.openDashboard(),
      iconPath: paths.appIcon,
    });
    this.notifier = notifier;
    // The gateway folds repeats before it hands an alert over: each one is worth showing.
    this.disposers.push(this.controller.onAlert((alert) => notifier.show(alertNotice(alert))));

    this.startAtLogin = await this.loginItem.isEnabled().catch(() => false);
    this.tray = new TrayPresenter(
      {
        electron,
        iconDir: paths.trayIconDir,
        platform,
        actions: this.trayActions(),
        ...(this.deps.trayMinIntervalMs === undefined ? {} : { minIntervalMs: this.deps.trayMinIntervalMs }),
      },
      this.view(),
    );
    this.disposers.push(
      this.controller.onState((state) => {
        if (state.phase !== 'running') this.window?.close();
        this.tray?.update(this.view());
      }),
    );

    await this.controller.start();
    if (!this.controller.running) {
      this.reportStartFailure();
      return;
    }
    // Started by the user: show what they launched. Started at login: stay quietly in the tray.
    if (!wasStartedAtLogin(this.loginContext, this.deps.argv)) void this.openDashboard();
  }

  private trayActions(): TrayActions {
    const { electron } = this.deps;
    return {
      setGatewayEnabled: (enabled) =>
        void this.run('turn the gateway on or off', () => this.setGateway(enabled)),
      setResumeEnabled: (enabled) =>
        void this.run('turn resuming on or off', async () => this.controller.setResumeEnabled(enabled)),
      copyEndpointUrl: () => {
        const gateway = this.controller.running;
        if (gateway) electron.clipboard.writeText(gateway.url);
      },
      copyNewClientToken: () => void this.run('create a client token', async () => this.copyNewClientToken()),
      openDashboard: () => void this.openDashboard(),
      setStartAtLogin: (enabled) =>
        void this.run('change start at login', () => this.setStartAtLogin(enabled)),
      quit: () => electron.app.quit(),
    };
  }

  private async setGateway(enabled: boolean): Promise<void> {
    await this.controller.setEnabled(enabled);
    if (enabled && !this.controller.running) this.reportStartFailure();
  }

  /**
   * A new token on every click, named after the moment, instead of one "desktop" token kept in
   * the keychain. The gateway stores only a hash of each token, on purpose; keeping a recoverable
   * copy on the side would undo that. A kept copy would also go stale without anyone noticing
   * once the token is revoked in the dashboard (the Gateway API cannot check one). And one token
   * per chat client is what lets the user revoke one client without breaking the others. The cost
   * is a longer token list, which the dashboard's revoke button keeps short.
   */
  private copyNewClientToken(): void {
    const gateway = this.controller.running;
    if (!gateway) return;
    const name = desktopTokenName(new Date());
    const { token } = gateway.createClientToken(name);
    this.deps.electron.clipboard.writeText(token);
    this.notifier?.show({
      title: 'New client token copied',
      body: `Paste it as the API key in your chat app. gemgate shows "${name}" only this once; revoke it in the dashboard.`,
      severity: 'info',
    });
  }

  private async setStartAtLogin(enabled: boolean): Promise<void> {
    try {
      await this.loginItem.setEnabled(enabled);
    } finally {
      this.startAtLogin = await this.loginItem.isEnabled().catch(() => false);
      this.tray?.update(this.view());
    }
  }

  private view(): TrayView {
    return {
      gateway: this.controller.getState(),
      startAtLogin: { enabled: this.startAtLogin, supported: this.loginItem.supported },
    };
  }

  private gatewayOrigin(): string | null {
    return originOf(this.controller.running?.url);
  }

  private openExternal(url: string): void {
    this.deps.electron.shell.openExternal(url).catch((error: unknown) => this.log.warn('gemgate:', error));
  }

  private reportStartFailure(): void {
    const { phase, error } = this.controller.getState();
    if (phase !== 'failed') return;
    this.notifier?.show({
      title: 'gemgate could not start',
      body: error ?? 'Unknown error.',
      severity: 'error',
    });
  }

  /** Runs a tray action; a failure becomes a notification instead of an unhandled rejection. */
  private async run(what: string, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.log.error(`gemgate: could not ${what}:`, error);
      const body = error instanceof Error ? error.message : String(error);
      this.notifier?.show({ title: `Could not ${what}`, body, severity: 'error' });
    }
  }

  /** Everything the app holds, released in reverse; the gateway gets `quitTimeoutMs` to close. */
  private async shutdown(): Promise<void> {
    await this.ready;
    this.notifier?.dispose();
    this.disposers
      .splice(0)
      .reverse()
      .forEach((dispose) => dispose());
    this.window?.close();
    this.tray?.destroy();
    this.tray = null;
    const timeoutMs = this.deps.quitTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.log.warn(`gemgate: the gateway did not close within ${timeoutMs} ms; quitting anyway.`);
        resolve();
      }, timeoutMs);
    });
    const closed = this.controller
      .stop()
      .catch((error: unknown) => this.log.error('gemgate: closing:', error));
    await Promise.race([closed, timeout]);
    clearTimeout(timer);
  }
}

/**
 * Starts the desktop app, or hands over to the copy already running: a second copy would fight
 * the first for the port and the database. Returns null in that case (the process then quits).
 */
export function runDesktopApp(deps: DesktopAppDeps): DesktopApp | null {
  const { app } = deps.electron;
  // userData must be settled before the lock, which lives in it.
  const dataDir = useDataDir(app, deps.env);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // Every renderer sandboxed, whatever a window's options say; only possible before 'ready'.
  app.enableSandbox();
  return new DesktopApp(deps, dataDir);
}
