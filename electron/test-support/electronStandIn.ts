/**
 * A small stand-in for the `electron` module, for tests of the main process where no Electron
 * binary exists. It implements only what electron/main uses, records what it was asked to do, and
 * lets a test play the OS and the user (click a tray item, start a second instance, quit).
 * It is no emulator: behaviour the code depends on is copied from Electron's docs and d.ts, and
 * each such place says so.
 */
import { EventEmitter } from 'node:events';
import type { MenuItemConstructorOptions } from 'electron';
import type { ElectronMain } from '../main/electronApi.js';

export interface StandInOptions {
  platform?: NodeJS.Platform;
  /** What requestSingleInstanceLock answers: false plays "another copy is running". */
  gotLock?: boolean;
  isPackaged?: boolean;
  notificationsSupported?: boolean;
  paths?: Partial<Record<string, string>>;
  /** What getLoginItemSettings reports for wasOpenedAtLogin (macOS). */
  wasOpenedAtLogin?: boolean;
}

/** Electron's event object: a plain object with preventDefault (see `Electron.Event` in the d.ts). */
export function fakeEvent<T extends object>(
  fields: T = {} as T,
): T & { preventDefault(): void; defaultPrevented: boolean } {
  const event = {
    ...fields,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

export class FakeApp extends EventEmitter {
  readonly calls: string[] = [];
  readonly paths = new Map<string, string>();
  readonly loginItemSettings: Array<Record<string, unknown>> = [];
  openAtLogin = false;
  quitted = false;
  readonly dock: { hidden: boolean; hide(): void } | undefined;
  readonly isPackaged: boolean;

  constructor(private readonly options: StandInOptions) {
    super();
    this.isPackaged = options.isPackaged ?? false;
    this.paths.set('appData', '/home/user/.config');
    for (const [name, value] of Object.entries(options.paths ?? {})) if (value) this.paths.set(name, value);
    // `app.dock` exists on macOS only.
    this.dock =
      options.platform === 'darwin'
        ? {
            hidden: false,
            hide() {
              this.hidden = true;
            },
          }
        : undefined;
  }

  enableSandbox(): void {
    this.calls.push('enableSandbox');
  }

  whenReady(): Promise<void> {
    return Promise.resolve();
  }

  requestSingleInstanceLock(): boolean {
    this.calls.push('requestSingleInstanceLock');
    return this.options.gotLock ?? true;
  }

  getPath(name: string): string {
    const value = this.paths.get(name);
    if (!value) throw new Error(`stand-in: no path ${name}`);
    return value;
  }

  setPath(name: string, value: string): void {
    this.calls.push(`setPath ${name}`);
    this.paths.set(name, value);
  }

  getAppPath(): string {
    return '/src/gemgate';
  }

  focus(options?: { steal: boolean }): void {
    this.calls.push(`focus ${JSON.stringify(options ?? {})}`);
  }

  getLoginItemSettings(): { openAtLogin: boolean; wasOpenedAtLogin: boolean } {
    return { openAtLogin: this.openAtLogin, wasOpenedAtLogin: this.options.wasOpenedAtLogin ?? false };
  }

  setLoginItemSettings(settings: { openAtLogin?: boolean } & Record<string, unknown>): void {
    this.loginItemSettings.push(settings);
    this.openAtLogin = settings.openAtLogin ?? false;
  }

  /**
   * As in Electron: 'before-quit' first, and a listener that calls preventDefault() stops the quit;
   * otherwise 'will-quit' and 'quit' follow.
   */
  quit(): void {
    this.calls.push('quit');
    if (this.quitted) return;
    const event = fakeEvent();
    this.emit('before-quit', event);
    if (event.defaultPrevented) return;
    this.quitted = true;
    this.emit('will-quit', fakeEvent());
    this.emit('quit', fakeEvent(), 0);
  }
}

export class FakeNativeImage {
  isTemplate = false;
  constructor(readonly path: string) {}
  setTemplateImage(value: boolean): void {
    this.isTemplate = value;
  }
}

/** What Menu.buildFromTemplate returns here: the template, kept for inspection and clicks. */
export class FakeMenu {
  constructor(readonly items: MenuItemConstructorOptions[]) {}

  item(id: string): MenuItemConstructorOptions {
    const item = this.items.find((candidate) => candidate.id === id);
    if (!item) throw new Error(`stand-in: no menu item ${id}`);
    return item;
  }

  labels(): string[] {
    return this.items.filter((item) => item.type !== 'separator').map((item) => item.label ?? '');
  }

  /** Plays a user's click. Like Electron, a checkbox is flipped before its click handler runs. */
  click(id: string): void {
    const item = this.item(id);
    if (item.enabled === false) throw new Error(`stand-in: menu item ${id} is disabled`);
    const menuItem = { ...item, checked: item.type === 'checkbox' ? !item.checked : item.checked };
    (item.click as unknown as ((menuItem: unknown) => void) | undefined)?.(menuItem);
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: FakeNativeImage;
  tooltip = '';
  menu: FakeMenu | null = null;
  menuSets = 0;
  destroyed = false;

  constructor(image: FakeNativeImage) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }
  setImage(image: FakeNativeImage): void {
    this.image = image;
  }
  setToolTip(tooltip: string): void {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.menu = menu;
    this.menuSets += 1;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = [];
  static supported = true;
  shown = false;
  closed = false;

  static isSupported(): boolean {
    return FakeNotification.supported;
  }

  constructor(readonly options: { title?: string; body?: string; silent?: boolean; urgency?: string }) {
    super();
    FakeNotification.instances.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
    this.emit('close', fakeEvent());
  }
}

export class FakeWebContents extends EventEmitter {
  url = '';
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  getURL(): string {
    return this.url;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly calls: string[] = [];
  destroyed = false;
  minimized = false;
  visible = false;

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.calls.push(`loadURL ${url}`);
    this.webContents.url = url;
    return Promise.resolve();
  }
  removeMenu(): void {
    this.calls.push('removeMenu');
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.calls.push('restore');
    this.minimized = false;
  }
  show(): void {
    this.calls.push('show');
    this.visible = true;
  }
  focus(): void {
    this.calls.push('focus');
  }
  close(): void {
    this.calls.push('close');
    this.destroyed = true;
    this.emit('closed');
  }
}

type Listener = (...args: unknown[]) => unknown;

export class FakeSession {
  headersListener: Listener | null = null;
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  readonly webRequest = {
    onHeadersReceived: (listener: Listener) => {
      this.headersListener = listener;
    },
  };
  constructor(readonly partition: string) {}
  setPermissionRequestHandler(handler: Listener): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener): void {
    this.devicePermissionHandler = handler;
  }
}

export class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    // Electron throws on a second handler for one channel; so does the stand-in.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Plays `ipcRenderer.invoke` from a frame at `senderUrl` (null: a frame that is gone). */
  async invoke(channel: string, senderUrl: string | null, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = fakeEvent({ senderFrame: senderUrl === null ? null : { url: senderUrl } });
    return await handler(event, ...args);
  }
}

export interface ElectronStandIn {
  /** The stand-in, typed as the real module for the code under test. */
  electron: ElectronMain;
  app: FakeApp;
  ipcMain: FakeIpcMain;
  sessions: Map<string, FakeSession>;
  clipboard: { text: string; writes: string[] };
  shell: { opened: string[] };
  trays: FakeTray[];
  windows: FakeBrowserWindow[];
  notifications: FakeNotification[];
  /** The latest tray menu. */
  trayMenu(): FakeMenu;
}

export function createElectronStandIn(options: StandInOptions = {}): ElectronStandIn {
  FakeTray.instances = [];
  FakeBrowserWindow.instances = [];
  FakeNotification.instances = [];
  FakeNotification.supported = options.notificationsSupported ?? true;
  const app = new FakeApp(options);
  const ipcMain = new FakeIpcMain();
  const sessions = new Map<string, FakeSession>();
  const clipboard = { text: '', writes: [] as string[] };
  const shell = { opened: [] as string[] };

  const module = {
    app,
    ipcMain,
    BrowserWindow: FakeBrowserWindow,
    Tray: FakeTray,
    Notification: FakeNotification,
    Menu: { buildFromTemplate: (template: MenuItemConstructorOptions[]) => new FakeMenu(template) },
    nativeImage: { createFromPath: (path: string) => new FakeNativeImage(path) },
    clipboard: {
      writeText(text: string) {
        clipboard.text = text;
        clipboard.writes.push(text);
      },
    },
    shell: {
      openExternal(url: string) {
        shell.opened.push(url);
        return Promise.resolve();
      },
    },
    session: {
      fromPartition(partition: string) {
        let session = sessions.get(partition);
        if (!session) sessions.set(partition, (session = new FakeSession(partition)));
        return session;
      },
    },
  };

  return {
    electron: module as unknown as ElectronMain,
    app,
    ipcMain,
    sessions,
    clipboard,
    shell,
    get trays() {
      return FakeTray.instances;
    },
    get windows() {
      return FakeBrowserWindow.instances;
    },
    get notifications() {
      return FakeNotification.instances;
    },
    trayMenu() {
      const menu = FakeTray.instances.at(-1)?.menu;
      if (!menu) throw new Error('stand-in: no tray menu yet');
      return menu;
    },
  };
}
