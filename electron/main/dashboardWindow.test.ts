import type { Session } from 'electron';
import { describe, expect, it } from 'vitest';
import { createElectronStandIn, FakeSession } from '../test-support/electronStandIn.js';
import { DashboardWindow, dashboardWindowOptions } from './dashboardWindow.js';

const session = new FakeSession('persist:test') as unknown as Session;
const config = { preloadPath: '/app/dist/electron/preload.cjs', session, devTools: false };

describe('dashboard window options', () => {
  it('use the secure defaults from Electron’s security checklist', () => {
    const { webPreferences } = dashboardWindowOptions(config);
    expect(webPreferences).toMatchObject({
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
    });
  });

  it('load the bundled preload in the dashboard’s own session', () => {
    const { webPreferences } = dashboardWindowOptions(config);
    expect(webPreferences?.preload).toBe('/app/dist/electron/preload.cjs');
    expect(webPreferences?.session).toBe(session);
  });

  it('keep DevTools for checkouts only', () => {
    expect(dashboardWindowOptions(config).webPreferences?.devTools).toBe(false);
    expect(dashboardWindowOptions({ ...config, devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('start hidden, so no blank window flashes before the page paints', () => {
    expect(dashboardWindowOptions(config).show).toBe(false);
  });
});

describe('DashboardWindow', () => {
  function setup(platform: NodeJS.Platform = 'linux') {
    const standIn = createElectronStandIn({ platform });
    const window = new DashboardWindow(standIn.electron, () => dashboardWindowOptions(config), platform);
    return { standIn, window };
  }

  it('creates the window on first open, loads the gateway and shows when painted', () => {
    const { standIn, window } = setup();
    window.open('http://127.0.0.1:8787');
    const [created] = standIn.windows;
    expect(created?.calls).toEqual(['removeMenu', 'loadURL http://127.0.0.1:8787']);
    created?.emit('ready-to-show');
    expect(created?.visible).toBe(true);
    expect(window.isOpen).toBe(true);
  });

  it('keeps the app menu on macOS, where it carries the copy and paste shortcuts', () => {
    const { standIn, window } = setup('darwin');
    window.open('http://127.0.0.1:8787');
    expect(standIn.windows[0]?.calls).not.toContain('removeMenu');
  });

  it('focuses the existing window instead of opening a second', () => {
    const { standIn, window } = setup();
    window.open('http://127.0.0.1:8787');
    const created = standIn.windows[0];
    if (created) created.minimized = true;
    window.open('http://127.0.0.1:8787');
    expect(standIn.windows).toHaveLength(1);
    expect(created?.calls.slice(-3)).toEqual(['restore', 'show', 'focus']);
    expect(created?.calls.filter((call) => call.startsWith('loadURL'))).toHaveLength(1);
  });

  it('reloads when the gateway came back on another port', () => {
    const { standIn, window } = setup();
    window.open('http://127.0.0.1:8787');
    window.open('http://127.0.0.1:8788');
    expect(standIn.windows[0]?.calls).toContain('loadURL http://127.0.0.1:8788');
  });

  it('opens a fresh window after the last one was closed', () => {
    const { standIn, window } = setup();
    window.open('http://127.0.0.1:8787');
    standIn.windows[0]?.close();
    expect(window.isOpen).toBe(false);
    window.open('http://127.0.0.1:8787');
    expect(standIn.windows).toHaveLength(2);
  });
});
