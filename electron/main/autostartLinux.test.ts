import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AUTOSTART_FILE,
  autostartDir,
  autostartEntry,
  LinuxAutostart,
  quoteExecArg,
} from './autostartLinux.js';

describe('autostart entry', () => {
  it('is a valid XDG desktop entry that starts gemgate quietly', () => {
    expect(autostartEntry(['/opt/gemgate/gemgate', '--gemgate-autostart'])).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.0',
        'Name=gemgate',
        'Comment=Local gateway for the Gemini API',
        'Exec=/opt/gemgate/gemgate --gemgate-autostart',
        'Icon=gemgate',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it('quotes Exec arguments the way the Desktop Entry spec says', () => {
    expect(quoteExecArg('/usr/bin/gemgate')).toBe('/usr/bin/gemgate');
    expect(quoteExecArg('/home/me/My Apps/gemgate.AppImage')).toBe('"/home/me/My Apps/gemgate.AppImage"');
    // Inside quotes a backslash is escaped once by the quoting rule, then doubled by string escaping.
    expect(quoteExecArg('/a\\b c')).toBe('"/a\\\\\\\\b c"');
    expect(quoteExecArg('/a"b $c`d')).toBe('"/a\\\\"b \\\\$c\\\\`d"');
    expect(quoteExecArg('/100%/app')).toBe('/100%%/app');
    expect(quoteExecArg('')).toBe('""');
  });

  it('lives in $XDG_CONFIG_HOME/autostart, or ~/.config/autostart', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/xdg' }, '/home/me')).toBe('/xdg/autostart');
    expect(autostartDir({}, '/home/me')).toBe('/home/me/.config/autostart');
    // A relative XDG_CONFIG_HOME is invalid per the spec.
    expect(autostartDir({ XDG_CONFIG_HOME: 'relative' }, '/home/me')).toBe('/home/me/.config/autostart');
  });
});

describe('LinuxAutostart', () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'gemgate-autostart-')), 'autostart');
  });
  afterEach(async () => {
    await fs.rm(path.dirname(dir), { recursive: true, force: true });
  });

  it('writes the entry when enabled and removes it when disabled', async () => {
    const autostart = new LinuxAutostart(dir, ['/opt/gemgate/gemgate', '--gemgate-autostart']);
    expect(await autostart.isEnabled()).toBe(false);
    await autostart.setEnabled(true);
    const text = await fs.readFile(path.join(dir, AUTOSTART_FILE), 'utf8');
    expect(text).toContain('Exec=/opt/gemgate/gemgate --gemgate-autostart');
    expect(await autostart.isEnabled()).toBe(true);
    expect(await fs.readdir(dir)).toEqual([AUTOSTART_FILE]);
    await autostart.setEnabled(false);
    expect(await autostart.isEnabled()).toBe(false);
    await autostart.setEnabled(false);
  });

  it('counts an entry the user switched off in their session settings as off', async () => {
    const autostart = new LinuxAutostart(dir, ['/opt/gemgate/gemgate']);
    await autostart.setEnabled(true);
    const file = path.join(dir, AUTOSTART_FILE);
    const text = await fs.readFile(file, 'utf8');
    await fs.writeFile(
      file,
      text.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false'),
    );
    expect(await autostart.isEnabled()).toBe(false);
    await fs.writeFile(file, `${text}Hidden=true\n`);
    expect(await autostart.isEnabled()).toBe(false);
  });
});
