// The main process's entry point (bundled to dist/electron/main.cjs). Its one job is wiring: the
// real `electron` module, the real gateway and the real process go in here, and nowhere else, so
// everything in desktopApp.ts and below can be exercised with a stand-in Electron and a fake Gateway.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as electron from 'electron';
import { startGateway } from '../../proxy/app/gatewayApi.js';
import { runDesktopApp } from './desktopApp.js';

// The bundle sits in dist/electron with preload.cjs and the icons beside it (scripts/build-electron.mjs).
const here = path.dirname(fileURLToPath(import.meta.url));

const desktop = runDesktopApp({
  electron,
  startGateway,
  paths: {
    preload: path.join(here, 'preload.cjs'),
    trayIconDir: path.join(here, 'tray'),
    appIcon: path.join(here, 'icon.png'),
  },
  platform: process.platform,
  env: process.env,
  argv: process.argv,
  execPath: process.execPath,
  homedir: os.homedir(),
});

if (desktop) {
  // Ctrl+C in the terminal that ran `npm start`, or a service manager stopping the app: quit
  // through the same path as the tray's Quit, so the gateway closes its database cleanly.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => electron.app.quit());
}
