import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { App } from 'electron';
import { describe, expect, it } from 'vitest';
import { createElectronStandIn } from '../test-support/electronStandIn.js';
import {
  AUTOSTART_FLAG,
  createLoginItem,
  launchCommand,
  wasStartedAtLogin,
  type LoginItemContext,
} from './loginItem.js';

function context(platform: NodeJS.Platform, overrides: Partial<LoginItemContext> = {}, packaged = true) {
  const standIn = createElectronStandIn({ platform, isPackaged: packaged, wasOpenedAtLogin: true });
  const ctx: LoginItemContext = {
    app: standIn.app as unknown as App,
    platform,
    execPath: platform === 'win32' ? 'C:\\Program Files\\gemgate\\gemgate.exe' : '/opt/gemgate/gemgate',
    env: {},
    homedir: '/home/me',
    ...overrides,
  };
  return { standIn, ctx };
}

describe('launch command', () => {
  it('is the installed executable with the autostart flag', () => {
    expect(launchCommand(context('linux').ctx)).toEqual(['/opt/gemgate/gemgate', AUTOSTART_FLAG]);
  });

  it('points at the AppImage file, not its temporary mount', () => {
    const { ctx } = context('linux', {
      execPath: '/tmp/.mount_gemgatXYZ/gemgate',
      env: { APPIMAGE: '/home/me/Apps/gemgate.AppImage' },
    });
    expect(launchCommand(ctx)).toEqual(['/home/me/Apps/gemgate.AppImage', AUTOSTART_FLAG]);
  });

  it('passes the app folder to Electron when run from a checkout', () => {
    const { ctx } = context('linux', { execPath: '/src/gemgate/node_modules/electron/dist/electron' }, false);
    expect(launchCommand(ctx)).toEqual([
      '/src/gemgate/node_modules/electron/dist/electron',
      '/src/gemgate',
      AUTOSTART_FLAG,
    ]);
  });
});

describe('login item', () => {
  it('uses an XDG autostart entry on Linux', async () => {
    const home = await fs.mkdtemp(path.join(os.tmpdir(), 'gemgate-home-'));
    try {
      const { ctx } = context('linux', { homedir: home });
      const item = createLoginItem(ctx);
      expect(item.supported).toBe(true);
      await item.setEnabled(true);
      const entry = await fs.readFile(path.join(home, '.config', 'autostart', 'gemgate.desktop'), 'utf8');
      expect(entry).toContain(`Exec=/opt/gemgate/gemgate ${AUTOSTART_FLAG}`);
      expect(await item.isEnabled()).toBe(true);
    } finally {
      await fs.rm(home, { recursive: true, force: true });
    }
  });

  it('uses the Run key on Windows, with the flag and the same path and args both ways', async () => {
    const { standIn, ctx } = context('win32');
    const item = createLoginItem(ctx);
    await item.setEnabled(true);
    expect(standIn.app.loginItemSettings).toEqual([
      { path: 'C:\\Program Files\\gemgate\\gemgate.exe', args: [AUTOSTART_FLAG], openAtLogin: true },
    ]);
    expect(await item.isEnabled()).toBe(true);
  });

  it('quotes the app folder on Windows when run from a checkout', async () => {
    const { standIn, ctx } = context('win32', {}, false);
    await createLoginItem(ctx).setEnabled(true);
    expect(standIn.app.loginItemSettings[0]?.args).toEqual(['"/src/gemgate"', AUTOSTART_FLAG]);
  });

  it('uses the login items of macOS for the installed app', async () => {
    const { standIn, ctx } = context('darwin');
    const item = createLoginItem(ctx);
    expect(item.supported).toBe(true);
    await item.setEnabled(true);
    expect(standIn.app.loginItemSettings).toEqual([{ openAtLogin: true }]);
  });

  it('is unavailable on macOS from a checkout, where it would start bare Electron', async () => {
    const { standIn, ctx } = context('darwin', {}, false);
    const item = createLoginItem(ctx);
    expect(item.supported).toBe(false);
    await item.setEnabled(true);
    expect(standIn.app.loginItemSettings).toEqual([]);
  });
});

describe('wasStartedAtLogin', () => {
  it('knows the autostart flag', () => {
    expect(wasStartedAtLogin(context('linux').ctx, ['/opt/gemgate/gemgate', AUTOSTART_FLAG])).toBe(true);
    expect(wasStartedAtLogin(context('linux').ctx, ['/opt/gemgate/gemgate'])).toBe(false);
  });

  it('asks macOS, whose login items take no arguments', () => {
    expect(
      wasStartedAtLogin(context('darwin').ctx, ['/Applications/gemgate.app/Contents/MacOS/gemgate']),
    ).toBe(true);
  });
});
