/**
 * Smoke test of the real desktop app, driven by Playwright's `_electron`: it starts the built app
 * with a throwaway data folder, waits for the dashboard window and checks what only a real
 * Electron can show (the preload's bridge, the sandbox, the refused popup, quitting cleanly).
 *
 * It runs only where an Electron binary is installed (after `npm start` fetched one, say). Where
 * there is none, as on the machines this project is built on, it is skipped and says why.
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron } from 'playwright';
import { afterEach, describe, expect, it } from 'vitest';
import type { GemgateDesktopWindow } from '../preload/api.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The Electron binary's path, or why there is none to run. */
function findElectron(): { binary: string; skip: null } | { binary: null; skip: string } {
  let binary: string;
  try {
    // In plain Node the electron package exports the binary's path, and throws when it was
    // never downloaded.
    binary = createRequire(import.meta.url)('electron') as string;
  } catch {
    return {
      binary: null,
      skip:
        'no Electron binary is installed (node_modules/electron holds only its types; ' +
        '`npm start` fetches the binary where there is a network)',
    };
  }
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    return { binary: null, skip: `no Electron binary is installed (${binary} is not an executable file)` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { binary: null, skip: 'there is no display (run it under xvfb-run on a headless Linux)' };
  }
  return { binary, skip: null };
}

const electron = findElectron();
if (electron.skip) process.stdout.write(`electron smoke test skipped: ${electron.skip}\n`);

describe('desktop app in a real Electron', () => {
  let dataDir: string | null = null;
  afterEach(async () => {
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  });

  it.skipIf(electron.skip !== null)(
    electron.skip
      ? `starts, serves the dashboard and quits (skipped: ${electron.skip})`
      : 'starts, serves the dashboard and quits',
    async () => {
      if (!electron.binary) return;
      execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'inherit' });
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gemgate-smoke-'));
      const env: Record<string, string> = {
        ...(process.env as Record<string, string>),
        GEMGATE_DATA_DIR: dataDir,
        GEMGATE_SECRET_STORE: 'file',
        GEMGATE_PASSPHRASE: 'smoke-test-passphrase',
        GEMGATE_PORT: '0',
      };
      // Chromium will not start as root (containers, CI) with its OS-level sandbox on. Without it
      // the page still has no Node and only the preload's bridge, which is what this test checks.
      const args = process.getuid?.() === 0 ? ['.', '--no-sandbox'] : ['.'];
      const app = await _electron.launch({
        executablePath: electron.binary,
        args,
        cwd: root,
        env,
        timeout: 60_000,
      });
      try {
        const page = await app.firstWindow();
        await page.waitForLoadState('domcontentloaded');
        expect(new URL(page.url()).hostname).toBe('127.0.0.1');

        const bridge = await page.evaluate(() => {
          const page = globalThis as unknown as GemgateDesktopWindow & Record<string, unknown>;
          return {
            keys: Object.keys(page.gemgateDesktop ?? {}).sort(),
            isDesktop: page.gemgateDesktop?.isDesktop,
            node: typeof page.require !== 'undefined' || typeof page.process !== 'undefined',
          };
        });
        expect(bridge).toEqual({
          keys: ['copyToClipboard', 'getLoginToken', 'isDesktop', 'openExternal'],
          isDesktop: true,
          node: false,
        });
        const token = await page.evaluate(() =>
          (globalThis as unknown as GemgateDesktopWindow).gemgateDesktop?.getLoginToken(),
        );
        expect(typeof token).toBe('string');
        const popup = await page.evaluate(() =>
          (globalThis as unknown as { open(url: string): unknown }).open('about:blank'),
        );
        expect(popup).toBeNull();

        // A tray app outlives its window.
        await page.close();
        expect(await app.evaluate(({ app }) => app.isReady())).toBe(true);

        const exited = new Promise((resolve) => app.process().once('exit', resolve));
        await app.evaluate(({ app }) => app.quit());
        await exited;
      } finally {
        await app.close().catch(() => undefined);
      }
    },
    120_000,
  );
});
