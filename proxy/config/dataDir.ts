import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'gemgate';

/**
 * The per-user app-data folder, the same one Electron's `app.getPath('userData')` picks for an app
 * named gemgate, so the desktop app and `gemgate serve` share one database by default.
 */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** `--data-dir` wins over `GEMGATE_DATA_DIR`, which wins over the OS default. */
export function resolveDataDir(flag: string | undefined, env = process.env): string {
  return path.resolve(flag ?? env.GEMGATE_DATA_DIR ?? defaultDataDir(process.platform, env));
}
