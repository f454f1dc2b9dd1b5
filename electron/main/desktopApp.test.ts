import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_CHANNELS } from '../shared/ipcChannels.js';
import { createElectronStandIn, type StandInOptions } from '../test-support/electronStandIn.js';
import { fakeGatewayFactory, gatewayEvent } from '../test-support/fakeGateway.js';
import { desktopTokenName, gatewayOptions, runDesktopApp } from './desktopApp.js';
import { AUTOSTART_FLAG } from './loginItem.js';
import { DASHBOARD_PARTITION } from './security.js';

const PATHS = { preload: '/app/preload.cjs', trayIconDir: '/app/tray', appIcon: '/app/icon.png' };
const quietLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

let home: string;
beforeEach(async () => {
  home = await fs.mkdtemp(path.join(os.tmpdir(), 'gemgate-desktop-'));
});
afterEach(async () => {
  await fs.rm(home, { recursive: true, force: true });
});

interface StartOptions extends StandInOptions {
  argv?: string[];
  env?: NodeJS.ProcessEnv;
  failFirstStart?: Error;
}

async function start(options: StartOptions = {}) {
  const platform = options.platform ?? 'linux';
  const standIn = createElectronStandIn({
    ...options,
    platform,
    paths: { appData: path.join(home, '.config') },
  });
  const gateways = fakeGatewayFactory();
  if (options.failFirstStart) gateways.failNextStart(options.failFirstStart);
  const desktop = runDesktopApp({
    electron: standIn.electron,
    startGateway: gateways.startGateway,
    paths: PATHS,
    platform,
    env: options.env ?? {},
    argv: options.argv ?? ['/opt/gemgate/gemgate'],
    execPath: '/opt/gemgate/gemgate',
    homedir: home,
    log: quietLog,
    trayMinIntervalMs: 0,
    quitTimeoutMs: 200,
  });
  await desktop?.ready;
  // Let the dashboard opening that follows start-up settle.
  await new Promise((resolve) => setImmediate(resolve));
  return { standIn, gateways, desktop };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('start-up', () => {
  it('hands over to the running copy when the single-instance lock is taken', async () => {
    const { standIn, gateways, desktop } = await start({ gotLock: false });
    expect(desktop).toBeNull();
    expect(standIn.app.calls).toContain('quit');
    expect(gateways.gateways).toHaveLength(0);
    expect(standIn.trays).toHaveLength(0);
  });

  it('sandboxes every renderer before the app is ready', async () => {
    const { standIn } = await start();
    expect(standIn.app.calls).toContain('enableSandbox');
  });

  it('starts the gateway on loopback in the gemgate userData folder, keys in the OS keychain', async () => {
    const { standIn, gateways } = await start();
    const dataDir = path.join(home, '.config', 'gemgate');
    expect(standIn.app.paths.get('userData')).toBe(dataDir);
    // The desktop app asks for the keychain: no quiet fallback to a file when its module is missing.
    expect(gateways.options).toEqual([
      { dataDir, host: '127.0.0.1', env: { GEMGATE_SECRET_STORE: 'keychain' } },
    ]);
    expect(gatewayOptions('/d', { GEMGATE_SECRET_STORE: 'file' }).env).toEqual({
      GEMGATE_SECRET_STORE: 'file',
    });
  });

  it('honours GEMGATE_DATA_DIR and GEMGATE_PORT, as the CLI does', async () => {
    const env = { GEMGATE_DATA_DIR: path.join(home, 'elsewhere'), GEMGATE_PORT: '0' };
    const { standIn, gateways } = await start({ env });
    expect(standIn.app.paths.get('userData')).toBe(path.join(home, 'elsewhere'));
    expect(gateways.options[0]).toMatchObject({ dataDir: path.join(home, 'elsewhere'), port: 0 });
    expect(gatewayOptions('/d', { GEMGATE_PORT: 'eighty' }).port).toBeUndefined();
  });

  it('shows the tray, hardens the dashboard session and answers the IPC allow-list', async () => {
    const { standIn } = await start();
    expect(standIn.trays).toHaveLength(1);
    expect(standIn.trayMenu().labels()[0]).toBe('Keys: 4 of 4 healthy');
    const session = standIn.sessions.get(DASHBOARD_PARTITION);
    expect(session?.headersListener).not.toBeNull();
    expect(session?.permissionRequestHandler).not.toBeNull();
    expect([...standIn.ipcMain.handlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });

  it('opens the dashboard when the user started the app', async () => {
    const { standIn } = await start();
    expect(standIn.windows).toHaveLength(1);
    expect(standIn.windows[0]?.calls).toContain('loadURL http://127.0.0.1:8787');
  });

  it('stays in the tray when started at login', async () => {
    const { standIn } = await start({ argv: ['/opt/gemgate/gemgate', AUTOSTART_FLAG] });
    expect(standIn.windows).toHaveLength(0);
  });

  it('hides the dock icon on macOS and brings the window forward itself', async () => {
    const { standIn } = await start({ platform: 'darwin', isPackaged: true });
    expect(standIn.app.dock?.hidden).toBe(true);
    expect(standIn.app.calls).toContain('focus {"steal":true}');
  });

  it('says why when the gateway cannot start, and shows it in the tray', async () => {
    const { standIn } = await start({ failFirstStart: new Error('listen EADDRINUSE 127.0.0.1:8787') });
    expect(standIn.notifications.map((n) => n.options.title)).toEqual(['gemgate could not start']);
    expect(standIn.notifications[0]?.options.body).toContain('EADDRINUSE');
    expect(standIn.trayMenu().labels().slice(0, 2)).toEqual([
      'Gateway failed to start',
      'listen EADDRINUSE 127.0.0.1:8787',
    ]);
    expect(standIn.windows).toHaveLength(0);
  });
});

describe('lifecycle', () => {
  it('focuses the existing dashboard when a second copy is launched', async () => {
    const { standIn } = await start();
    standIn.app.emit('second-instance', {}, ['/opt/gemgate/gemgate'], '/home');
    await settle();
    expect(standIn.windows).toHaveLength(1);
    expect(standIn.windows[0]?.calls.slice(-2)).toEqual(['show', 'focus']);
  });

  it('opens the dashboard on a second launch when it was not open', async () => {
    const { standIn } = await start({ argv: [AUTOSTART_FLAG] });
    standIn.app.emit('second-instance', {}, [], '/home');
    await settle();
    expect(standIn.windows).toHaveLength(1);
  });

  it('turns the gateway back on when launched again while off: launching means "use it"', async () => {
    const { standIn, gateways } = await start();
    standIn.trayMenu().click('gateway');
    await settle();
    expect(gateways.latest().closed).toBe(true);
    standIn.app.emit('second-instance', {}, [], '/home');
    await settle();
    expect(gateways.gateways).toHaveLength(2);
    expect(standIn.windows.at(-1)?.calls).toContain('loadURL http://127.0.0.1:8788');
  });

  it('ignores macOS activation during launch, so a login start stays quiet, and answers it later', async () => {
    const standIn = createElectronStandIn({ platform: 'darwin', isPackaged: true, wasOpenedAtLogin: true });
    const desktop = runDesktopApp({
      electron: standIn.electron,
      startGateway: fakeGatewayFactory().startGateway,
      paths: PATHS,
      platform: 'darwin',
      env: { GEMGATE_DATA_DIR: home },
      argv: ['/Applications/gemgate.app/Contents/MacOS/gemgate'],
      execPath: '/Applications/gemgate.app/Contents/MacOS/gemgate',
      homedir: home,
      log: quietLog,
    });
    standIn.app.emit('activate', {}, false);
    await desktop?.ready;
    await settle();
    expect(standIn.windows).toHaveLength(0);
    standIn.app.emit('activate', {}, false);
    await settle();
    expect(standIn.windows).toHaveLength(1);
  });

  it('stays alive when the dashboard window is closed', async () => {
    const { standIn } = await start();
    expect(standIn.app.listenerCount('window-all-closed')).toBe(1);
    standIn.windows[0]?.close();
    standIn.app.emit('window-all-closed');
    expect(standIn.app.quitted).toBe(false);
  });

  it('closes the gateway before quitting', async () => {
    const { standIn, gateways } = await start();
    const gateway = gateways.latest();
    let closedBeforeQuit = false;
    standIn.app.on('will-quit', () => (closedBeforeQuit = gateway.closed));
    standIn.trayMenu().click('quit');
    expect(standIn.app.quitted).toBe(false); // held until the gateway has closed
    await vi.waitFor(() => expect(standIn.app.quitted).toBe(true));
    expect(closedBeforeQuit).toBe(true);
    expect(standIn.trays[0]?.destroyed).toBe(true);
    expect(standIn.ipcMain.handlers.size).toBe(0);
  });

  it('quits anyway when the gateway will not close in time', async () => {
    const { standIn, gateways } = await start();
    gateways.latest().close = () => new Promise(() => undefined);
    standIn.app.quit();
    await vi.waitFor(() => expect(standIn.app.quitted).toBe(true));
  });

  it('quits once, however many times quit is asked for', async () => {
    const { standIn, gateways } = await start();
    const close = vi.spyOn(gateways.latest(), 'close');
    standIn.app.quit();
    standIn.app.quit();
    await vi.waitFor(() => expect(standIn.app.quitted).toBe(true));
    expect(close).toHaveBeenCalledOnce();
  });
});

describe('tray actions', () => {
  it('turns the gateway off (closing the dashboard) and on again', async () => {
    const { standIn, gateways } = await start();
    standIn.trayMenu().click('gateway');
    await settle();
    expect(gateways.latest().closed).toBe(true);
    expect(standIn.windows[0]?.destroyed).toBe(true);
    expect(standIn.trayMenu().labels()[0]).toBe('Gateway is off');
    expect(standIn.trays[0]?.image).toMatchObject({ path: '/app/tray/tray-paused.png' });
    standIn.trayMenu().click('gateway');
    await settle();
    expect(gateways.gateways).toHaveLength(2);
    expect(standIn.trayMenu().item('gateway').checked).toBe(true);
  });

  it('turns resuming off and on through the gateway', async () => {
    const { standIn, gateways } = await start();
    standIn.trayMenu().click('resume');
    expect(gateways.latest().status().resumeEnabled).toBe(false);
    expect(standIn.trayMenu().item('resume').checked).toBe(false);
    standIn.trayMenu().click('resume');
    expect(gateways.latest().status().resumeEnabled).toBe(true);
  });

  it('follows the gateway’s health in the icon', async () => {
    const { standIn, gateways } = await start();
    gateways
      .latest()
      .setStatus({ health: 'degraded', keys: { total: 4, healthy: 2, cooling: 2, disabled: 0 } });
    expect(standIn.trays[0]?.image).toMatchObject({ path: '/app/tray/tray-degraded.png' });
    expect(standIn.trayMenu().labels()[0]).toBe('Keys: 2 of 4 healthy');
  });

  it('copies the endpoint URL', async () => {
    const { standIn } = await start();
    standIn.trayMenu().click('copy-url');
    expect(standIn.clipboard.text).toBe('http://127.0.0.1:8787');
  });

  it('copies a new client token each time, named after the moment', async () => {
    const { standIn, gateways } = await start();
    standIn.trayMenu().click('copy-token');
    await settle();
    standIn.trayMenu().click('copy-token');
    await settle();
    const tokens = gateways.latest().clientTokens;
    expect(tokens).toHaveLength(2);
    expect(tokens[0]?.name).toMatch(/^desktop \d{4}-\d\d-\d\d \d\d:\d\d$/);
    expect(standIn.clipboard.writes).toEqual(['gg-fake-1', 'gg-fake-2']);
    const notice = standIn.notifications.at(-1)?.options;
    expect(notice?.title).toBe('New client token copied');
    expect(notice?.body).not.toContain('gg-fake');
  });

  it('opens the dashboard', async () => {
    const { standIn } = await start({ argv: [AUTOSTART_FLAG] });
    standIn.trayMenu().click('dashboard');
    await settle();
    expect(standIn.windows).toHaveLength(1);
  });

  it('turns start at login on and off', async () => {
    const { standIn } = await start({ isPackaged: true });
    const entry = path.join(home, '.config', 'autostart', 'gemgate.desktop');
    standIn.trayMenu().click('login');
    await vi.waitFor(() => expect(standIn.trayMenu().item('login').checked).toBe(true));
    await expect(fs.readFile(entry, 'utf8')).resolves.toContain(
      `Exec=/opt/gemgate/gemgate ${AUTOSTART_FLAG}`,
    );
    standIn.trayMenu().click('login');
    await vi.waitFor(() => expect(standIn.trayMenu().item('login').checked).toBe(false));
    await expect(fs.access(entry)).rejects.toThrow();
  });
});

describe('notifications', () => {
  it('turns gateway events into desktop notifications, folded', async () => {
    const { standIn, gateways } = await start();
    for (let n = 0; n < 5; n++) gateways.latest().emit(gatewayEvent({ title: 'Key disabled' }));
    expect(standIn.notifications.map((n) => n.options.title)).toEqual(['Key disabled']);
  });

  it('shows nothing the gateway still held when it is turned off', async () => {
    const { standIn, gateways } = await start();
    for (let n = 0; n < 5; n++) gateways.latest().emit(gatewayEvent({ title: 'Key disabled' }));
    standIn.trayMenu().click('gateway');
    await settle();
    expect(gateways.latest().closed).toBe(true);
    expect(standIn.notifications.map((n) => n.options.title)).toEqual(['Key disabled']);
  });

  it('opens the dashboard when a notification is clicked', async () => {
    const { standIn, gateways } = await start({ argv: [AUTOSTART_FLAG] });
    gateways.latest().emit(gatewayEvent({ type: 'pool.down', title: 'No key can serve' }));
    standIn.notifications[0]?.emit('click');
    await settle();
    expect(standIn.windows).toHaveLength(1);
  });
});

describe('IPC from the dashboard', () => {
  it('gives the dashboard a one-time login token', async () => {
    const { standIn, gateways } = await start();
    const token = await standIn.ipcMain.invoke(IPC_CHANNELS.getLoginToken, 'http://127.0.0.1:8787/');
    expect(token).toBe('login-1');
    expect(gateways.latest().loginTokens).toEqual(['login-1']);
  });

  it('gives nothing to a page from elsewhere', async () => {
    const { standIn, gateways } = await start();
    await expect(
      standIn.ipcMain.invoke(IPC_CHANNELS.getLoginToken, 'https://evil.example/'),
    ).rejects.toThrow();
    expect(gateways.latest().loginTokens).toEqual([]);
  });

  it('follows the gateway to its new origin after a restart, and refuses the old one', async () => {
    const { standIn } = await start();
    standIn.trayMenu().click('gateway');
    await settle();
    standIn.trayMenu().click('gateway');
    await settle();
    await expect(
      standIn.ipcMain.invoke(IPC_CHANNELS.getLoginToken, 'http://127.0.0.1:8787/'),
    ).rejects.toThrow();
    await expect(standIn.ipcMain.invoke(IPC_CHANNELS.getLoginToken, 'http://127.0.0.1:8788/')).resolves.toBe(
      'login-1',
    );
  });

  it('copies to the clipboard and opens web links in the browser', async () => {
    const { standIn } = await start();
    await standIn.ipcMain.invoke(IPC_CHANNELS.copyToClipboard, 'http://127.0.0.1:8787/', 'hello');
    await standIn.ipcMain.invoke(
      IPC_CHANNELS.openExternal,
      'http://127.0.0.1:8787/',
      'https://ai.google.dev/',
    );
    expect(standIn.clipboard.text).toBe('hello');
    expect(standIn.shell.opened).toEqual(['https://ai.google.dev/']);
  });

  it('guards every web contents the app creates', async () => {
    const { standIn } = await start();
    const { FakeWebContents } = await import('../test-support/electronStandIn.js');
    const contents = new FakeWebContents();
    standIn.app.emit('web-contents-created', {}, contents);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(standIn.shell.opened).toEqual(['https://example.com/']);
  });
});

describe('desktopTokenName', () => {
  it('is "desktop" and the local date and time to the minute', () => {
    expect(desktopTokenName(new Date(2025, 0, 31, 14, 5, 59))).toBe('desktop 2025-01-31 14:05');
  });
});
