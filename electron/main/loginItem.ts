import type { App } from 'electron';
import { autostartDir, LinuxAutostart } from './autostartLinux.js';

/**
 * Added to the command the OS runs at login (Linux, Windows), so the app knows it was not started
 * by the user and stays quietly in the tray. Prefixed so no Chromium switch can ever collide.
 */
export const AUTOSTART_FLAG = '--gemgate-autostart';

export interface LoginItem {
  /** False where turning it on would not start gemgate (e.g. an unpackaged checkout on macOS). */
  readonly supported: boolean;
  isEnabled(): Promise<boolean>;
  setEnabled(enabled: boolean): Promise<void>;
}

export interface LoginItemContext {
  app: Pick<App, 'isPackaged' | 'getAppPath' | 'getLoginItemSettings' | 'setLoginItemSettings'>;
  platform: NodeJS.Platform;
  execPath: string;
  env: NodeJS.ProcessEnv;
  homedir: string;
}

/** How the OS should start this app: the executable, plus the app's folder when run from a checkout. */
export function launchCommand(ctx: LoginItemContext): string[] {
  // An AppImage runs from a mount point that changes on every start; $APPIMAGE is the file itself.
  const executable = (ctx.platform === 'linux' && ctx.env.APPIMAGE) || ctx.execPath;
  // From a checkout (`electron .`) the executable is Electron itself and needs the app folder.
  const appArgs = ctx.app.isPackaged ? [] : [ctx.app.getAppPath()];
  return [executable, ...appArgs, AUTOSTART_FLAG];
}

export function createLoginItem(ctx: LoginItemContext): LoginItem {
  switch (ctx.platform) {
    case 'linux': {
      const autostart = new LinuxAutostart(autostartDir(ctx.env, ctx.homedir), launchCommand(ctx));
      return {
        supported: true,
        isEnabled: () => autostart.isEnabled(),
        setEnabled: (enabled) => autostart.setEnabled(enabled),
      };
    }
    case 'win32': {
      const [executable, ...rest] = launchCommand(ctx);
      // Electron joins args into the Run key's command line as they are: quote the app folder.
      const args = rest.map((arg) => (arg === AUTOSTART_FLAG ? arg : `"${arg}"`));
      // getLoginItemSettings only reports our entry when asked with the same path and args.
      const settings = { path: executable, args };
      return {
        supported: true,
        isEnabled: async () => ctx.app.getLoginItemSettings(settings).openAtLogin,
        setEnabled: async (enabled) => ctx.app.setLoginItemSettings({ ...settings, openAtLogin: enabled }),
      };
    }
    case 'darwin':
      // macOS registers the app bundle; from a checkout that bundle is a bare Electron.app, which
      // would open Electron's default app at login, not gemgate.
      return {
        supported: ctx.app.isPackaged,
        isEnabled: async () => ctx.app.isPackaged && ctx.app.getLoginItemSettings().openAtLogin,
        setEnabled: async (enabled) => {
          if (ctx.app.isPackaged) ctx.app.setLoginItemSettings({ openAtLogin: enabled });
        },
      };
    default:
      return { supported: false, isEnabled: async () => false, setEnabled: async () => undefined };
  }
}

/** True when the OS, not the user, started this run. */
export function wasStartedAtLogin(ctx: LoginItemContext, argv: readonly string[]): boolean {
  if (argv.includes(AUTOSTART_FLAG)) return true;
  // macOS login items take no arguments; the OS tells instead.
  return ctx.platform === 'darwin' && ctx.app.isPackaged && ctx.app.getLoginItemSettings().wasOpenedAtLogin;
}
