import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Start at login on Linux: an XDG autostart entry, `$XDG_CONFIG_HOME/autostart/gemgate.desktop`
 * (https://specifications.freedesktop.org/autostart-spec/). Every major desktop reads that folder;
 * Electron's setLoginItemSettings does nothing on Linux.
 */
export const AUTOSTART_FILE = 'gemgate.desktop';

export function autostartDir(env: NodeJS.ProcessEnv, homedir: string): string {
  // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const configHome = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : null;
  return path.join(configHome ?? path.join(homedir, '.config'), 'autostart');
}

/**
 * Quotes one argument of an `Exec=` line per the Desktop Entry spec: inside double quotes, `"`,
 * `` ` ``, `$` and `\` take a backslash; then the string-value escaping doubles every backslash;
 * a literal `%` is written `%%` so it is not read as a field code.
 */
export function quoteExecArg(arg: string): string {
  const needsQuotes = arg === '' || /[\s"'\\><~|&;$*?#()`]/.test(arg);
  const percent = arg.replaceAll('%', '%%');
  if (!needsQuotes) return percent;
  const quoted = `"${percent.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replaceAll('\\', '\\\\');
}

/** A single-line value: the spec has no multi-line strings. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, ' ');
}

/**
 * Visible in the desktop's own startup-apps settings on purpose (no NoDisplay): the user can see
 * and switch it off there too, which isEnabled honours.
 */
export function autostartEntry(command: readonly string[], name = 'gemgate'): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${oneLine(name)}`,
    'Comment=Local gateway for the Gemini API',
    `Exec=${command.map(quoteExecArg).join(' ')}`,
    'Icon=gemgate',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export class LinuxAutostart {
  private readonly file: string;

  constructor(
    dir: string,
    private readonly command: readonly string[],
  ) {
    this.file = path.join(dir, AUTOSTART_FILE);
  }

  /** On when our entry exists and the user has not switched it off in their session settings. */
  async isEnabled(): Promise<boolean> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      return false;
    }
    return !/^(Hidden=true|X-GNOME-Autostart-enabled=false)\s*$/m.test(text);
  }

  async setEnabled(enabled: boolean): Promise<void> {
    if (!enabled) {
      await fs.rm(this.file, { force: true });
      return;
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    // Written whole every time: the command changes when an AppImage moves or the app updates.
    const temp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temp, autostartEntry(this.command), { mode: 0o644 });
    await fs.rename(temp, this.file);
  }
}
