import type * as electron from 'electron';

/**
 * The slice of the `electron` module the main process uses. Modules receive it (or a narrower
 * Pick of it) instead of importing 'electron', so the same code runs against the real module in
 * the app and against a recording stand-in in tests; it is still typed by Electron's own d.ts.
 */
export type ElectronModule = typeof electron;

export type ElectronMain = Pick<
  ElectronModule,
  | 'app'
  | 'BrowserWindow'
  | 'Tray'
  | 'Menu'
  | 'nativeImage'
  | 'Notification'
  | 'ipcMain'
  | 'clipboard'
  | 'shell'
  | 'session'
>;
