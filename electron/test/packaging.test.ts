/**
 * What can be checked of packaging without building an installer (which needs Electron downloads):
 * electron-builder.yml passes electron-builder's own schema and says what the app needs, and the
 * committed icons are real images that match build/generate-icons.mjs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const build = (file: string) => path.join(root, 'build', file);

/** Width, height and the RGBA pixels of a PNG written by the icon generator (filter 0 rows). */
function readPng(data: Buffer): { width: number; height: number; rgba: Buffer } {
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8, 10)]).toEqual([8, 6]); // 8-bit RGBA
    }
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, rgba };
}

describe('electron-builder.yml', () => {
  let config: Configuration;
  beforeAll(async () => {
    config = await getConfig(root, 'electron-builder.yml', null);
  });

  it('passes electron-builder’s own schema', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('builds gemgate for the three systems', () => {
    expect(config).toMatchObject({ appId: 'dev.gemgate.desktop', productName: 'gemgate' });
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
  });

  it('ships the built app only, with native modules rebuilt for Electron and outside the asar', () => {
    // (getConfig normalises the list into a file set.)
    expect(config.files).toEqual([{ filter: ['dist/**', '!dist/**/*.map', 'package.json'] }]);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(['node_modules/better-sqlite3/**', 'node_modules/keytar/**']);
  });

  it('keeps the macOS app out of the Dock', () => {
    expect(config.mac?.extendInfo).toMatchObject({ LSUIElement: true });
  });

  it('never deletes the user’s keys on uninstall', () => {
    expect(config.nsis?.deleteAppDataOnUninstall).toBe(false);
  });

  it('points at icons that exist', () => {
    expect([config.mac?.icon, config.win?.icon, config.linux?.icon]).toEqual([
      'build/icon.icns',
      'build/icon.ico',
      'build/icons',
    ]);
    for (const file of ['build/icon.icns', 'build/icon.ico', 'build/icons/512x512.png']) {
      expect(existsSync(path.join(root, file)), file).toBe(true);
    }
  });

  it('matches package.json#main', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
  });
});

describe('icons', () => {
  it('match what build/generate-icons.mjs draws', () => {
    expect(() =>
      execFileSync(process.execPath, [build('generate-icons.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });

  it('come in every size the builders and trays want', () => {
    expect(readPng(readFileSync(build('icon.png')))).toMatchObject({ width: 512, height: 512 });
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      expect(readPng(readFileSync(build(`icons/${size}x${size}.png`)))).toMatchObject({
        width: size,
        height: size,
      });
    }
    for (const state of ['running', 'paused', 'degraded']) {
      for (const name of [`tray-${state}`, `${state}Template`]) {
        expect(readPng(readFileSync(build(`tray/${name}.png`))).width).toBe(16);
        expect(readPng(readFileSync(build(`tray/${name}@2x.png`))).width).toBe(32);
      }
    }
  });

  it('give macOS template images nothing but black and alpha', () => {
    for (const state of ['running', 'paused', 'degraded']) {
      const { rgba } = readPng(readFileSync(build(`tray/${state}Template@2x.png`)));
      let opaque = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3] === 0) continue;
        opaque += 1;
        expect([rgba[i], rgba[i + 1], rgba[i + 2]]).toEqual([0, 0, 0]);
      }
      expect(opaque).toBeGreaterThan(100);
    }
  });

  it('draw the three tray states differently', () => {
    const pixels = ['running', 'paused', 'degraded'].map((state) =>
      readPng(readFileSync(build(`tray/tray-${state}@2x.png`))).rgba.toString('hex'),
    );
    expect(new Set(pixels).size).toBe(3);
  });

  it('pack PNGs into a valid .ico', () => {
    const ico = readFileSync(build('icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      const { width } = readPng(ico.subarray(offset, offset + length));
      expect(ico.readUInt8(entry) || 256).toBe(width);
      sizes.push(width);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('pack PNGs into a valid .icns, up to 1024 pixels', () => {
    const icns = readFileSync(build('icon.icns'));
    expect(icns.toString('latin1', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const entries: Record<string, number> = {};
    for (let offset = 8; offset < icns.length;) {
      const type = icns.toString('latin1', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      entries[type] = readPng(icns.subarray(offset + 8, offset + length)).width;
      offset += length;
    }
    expect(entries).toEqual({
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    });
  });
});
