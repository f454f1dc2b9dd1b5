/**
 * The built main bundle (dist/electron/main.cjs), as Electron would load it, but with the stand-in
 * in place of the `electron` module: proves the esbuild output boots as CommonJS (import.meta
 * shimmed), finds its preload and icons beside it, and quits cleanly. The gateway in it is the
 * real one from proxy/ (file secret store, a throwaway data folder, a free port); if that gateway
 * comes up, the dashboard window must point at it and it must answer /health.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createElectronStandIn, type FakeNativeImage } from '../test-support/electronStandIn.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist', 'electron');

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Load };

describe('dist/electron/main.cjs', () => {
  let home: string;
  const savedEnv = { ...process.env };
  const originalLoad = moduleInternals._load;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'inherit' });
    home = await fs.mkdtemp(path.join(os.tmpdir(), 'gemgate-bundle-'));
  });

  afterAll(async () => {
    moduleInternals._load = originalLoad;
    process.env = savedEnv;
    await fs.rm(home, { recursive: true, force: true });
  });

  it('builds the preload and the icons beside the main bundle', () => {
    for (const file of [
      'main.cjs',
      'preload.cjs',
      'icon.png',
      'tray/tray-running.png',
      'tray/runningTemplate@2x.png',
    ]) {
      expect(existsSync(path.join(dist, file)), file).toBe(true);
    }
  });

  it('keeps the native modules and electron out of the bundle', async () => {
    const main = await fs.readFile(path.join(dist, 'main.cjs'), 'utf8');
    expect(main).toContain('require("electron")');
    expect(main).not.toMatch(/\bimport\.meta\b/);
    const preload = await fs.readFile(path.join(dist, 'preload.cjs'), 'utf8');
    // A sandboxed preload can require 'electron' and little else.
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((match) => match[1])).toEqual(['electron']);
  });

  it('boots with the stand-in, shows the tray and quits', async () => {
    const standIn = createElectronStandIn({
      platform: process.platform,
      paths: { appData: path.join(home, 'appData') },
    });
    moduleInternals._load = function load(this: unknown, request: string, parent: unknown, isMain: boolean) {
      if (request === 'electron') return standIn.electron;
      return originalLoad.call(this, request, parent, isMain);
    };
    Object.assign(process.env, {
      GEMGATE_DATA_DIR: path.join(home, 'data'),
      GEMGATE_SECRET_STORE: 'file',
      GEMGATE_PASSPHRASE: 'bundle-test-passphrase',
      GEMGATE_PORT: '0',
    });

    createRequire(import.meta.url)(path.join(dist, 'main.cjs'));

    expect(standIn.app.paths.get('userData')).toBe(path.join(home, 'data'));
    await vi.waitFor(() => expect(standIn.trays).toHaveLength(1));
    const icon = standIn.trays[0]?.image as FakeNativeImage;
    expect(existsSync(icon.path), icon.path).toBe(true);

    // Either the gateway came up (then the dashboard shows it) or the tray says why not.
    const settled = () =>
      standIn.windows.length > 0 || standIn.trayMenu().labels()[0] === 'Gateway failed to start';
    await vi.waitFor(() => expect(settled()).toBe(true), { timeout: 15_000 });
    const window = standIn.windows[0];
    if (window) {
      expect(window.options.webPreferences).toMatchObject({
        preload: path.join(dist, 'preload.cjs'),
        sandbox: true,
      });
      const dashboard = window.webContents.getURL();
      const health = await fetch(new URL('/health', dashboard));
      expect(health.status).toBe(200);
      // The preload's getLoginToken, end to end: main-process IPC to the real gateway.
      const token = await standIn.ipcMain.invoke('gemgate:get-login-token', dashboard);
      expect(typeof token).toBe('string');
    } else {
      expect(standIn.notifications.map((notification) => notification.options.title)).toContain(
        'gemgate could not start',
      );
    }

    standIn.app.quit();
    await vi.waitFor(() => expect(standIn.app.quitted).toBe(true), { timeout: 15_000 });
  });
});
