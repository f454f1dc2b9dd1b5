// Draws gemgate's icons and writes them as PNG (plus .ico and .icns containers of those PNGs), with
// nothing but node:zlib: no image tools, no downloads. The output is deterministic, so the PNGs are
// committed and `node build/generate-icons.mjs --check` (run by the tests) proves they match this
// file. Run it without flags after changing a shape or a colour.
//
// The mark: an arch (the gate) with a small gem in its opening. Shapes are drawn on a 16-unit grid,
// so at 16 and 32 pixels their edges fall on pixel boundaries and stay crisp; larger sizes are
// anti-aliased by supersampling.
import { deflateSync } from 'node:zlib';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// ---- shapes, in 16-unit glyph coordinates --------------------------------------------------------

/** An arch centred on x = 8: a half-disc of radius `outer` over a block down to `bottom`, minus its opening. */
const archShape = (top, outer, inner, bottom) => (x, y) => {
  const cy = top + outer;
  const outside =
    y >= cy ? Math.abs(x - 8) <= outer && y <= bottom : (x - 8) ** 2 + (y - cy) ** 2 <= outer ** 2;
  const opening = y >= cy ? Math.abs(x - 8) <= inner : (x - 8) ** 2 + (y - cy) ** 2 <= inner ** 2;
  return outside && !opening;
};
const arch = archShape(2, 6, 3, 14);
/** The arch for the coloured tray tiles: 8 units wide with 2-unit walls, on whole pixels at 16 px. */
const smallArch = archShape(4, 4, 2, 13);
const gem = (x, y) => Math.abs(x - 8) + Math.abs(y - 10.5) * 0.8 <= 1.9;
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const roundedRect = (x0, y0, x1, y1, r) => (x, y) => {
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
  const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
  return dx * dx + dy * dy <= r * r;
};
/** A shape drawn `scale` times its size about the grid's centre, moved down by `dy`. */
const scaled =
  (shape, scale, dy = 0) =>
  (x, y) =>
    shape((x - 8) / scale + 8, (y - 8 - dy) / scale + 8);

// ---- rasteriser ------------------------------------------------------------------------------------

/**
 * Renders layers onto a size x size canvas whose 16 units span the image. A layer is
 * { shape, rgba: [r, g, b, a] | (x, y) => [r, g, b, a], erase?: true }; later layers go on top, and
 * an erasing layer clears what is under it. Each pixel averages sub x sub samples (premultiplied).
 */
function render(size, layers, sub = size <= 64 ? 8 : 4) {
  const pixels = Buffer.alloc(size * size * 4);
  const unit = 16 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < sub; sy++) {
        for (let sx = 0; sx < sub; sx++) {
          const x = (px + (sx + 0.5) / sub) * unit;
          const y = (py + (sy + 0.5) / sub) * unit;
          let cr = 0;
          let cg = 0;
          let cb = 0;
          let ca = 0;
          for (const layer of layers) {
            if (!layer.shape(x, y)) continue;
            if (layer.erase) {
              cr = cg = cb = ca = 0;
              continue;
            }
            const [lr, lg, lb, la] = typeof layer.rgba === 'function' ? layer.rgba(x, y) : layer.rgba;
            cr = lr * la + cr * (1 - la);
            cg = lg * la + cg * (1 - la);
            cb = lb * la + cb * (1 - la);
            ca = la + ca * (1 - la);
          }
          r += cr;
          g += cg;
          b += cb;
          a += ca;
        }
      }
      const n = sub * sub;
      const alpha = a / n;
      const offset = (py * size + px) * 4;
      pixels[offset] = alpha ? Math.round(r / n / alpha) : 0;
      pixels[offset + 1] = alpha ? Math.round(g / n / alpha) : 0;
      pixels[offset + 2] = alpha ? Math.round(b / n / alpha) : 0;
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

// ---- PNG, ICO and ICNS encoders ------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA pixels to a PNG: 8-bit truecolour with alpha, filter "none" on every row. */
export function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows .ico holding PNG images (supported since Windows Vista). */
function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4);
    entry.writeUInt16LE(32, 6);
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map(({ png }) => png)]);
}

/** A macOS .icns whose entries are PNGs (the types below accept PNG data since OS X 10.7). */
function encodeIcns(entries) {
  const parts = entries.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

// ---- the icons -------------------------------------------------------------------------------------

const WHITE = [255, 255, 255, 1];
const BLACK = [0, 0, 0, 1];
const ALERT_RED = [214, 48, 49, 1];
const STATE_COLOURS = {
  running: [34, 160, 90, 1],
  paused: [128, 134, 144, 1],
  degraded: [226, 150, 20, 1],
};

/**
 * Tray icon for Windows and Linux: a coloured tile (the state) with the white arch. Degraded also
 * has a corner badge, so the state does not rest on telling amber from green.
 */
function trayColour(state) {
  const layers = [
    { shape: roundedRect(0.5, 0.5, 15.5, 15.5, 3.5), rgba: STATE_COLOURS[state] },
    { shape: smallArch, rgba: WHITE },
  ];
  if (state === 'degraded') {
    layers.push({ shape: circle(13, 13, 3.6), erase: true }, { shape: circle(13, 13, 2.6), rgba: ALERT_RED });
  }
  return layers;
}

/**
 * macOS template image: black and alpha only; the menu bar recolours it. The state is in the
 * shape, not a colour: paused is the mark dimmed, degraded the mark with a badge bitten out of it.
 */
function trayTemplate(state) {
  const alpha = state === 'paused' ? 0.4 : 1;
  const layers = [
    { shape: arch, rgba: [0, 0, 0, alpha] },
    { shape: gem, rgba: [0, 0, 0, alpha] },
  ];
  if (state === 'degraded') {
    layers.push({ shape: circle(13, 13, 3.6), erase: true }, { shape: circle(13, 13, 2.4), rgba: BLACK });
  }
  return layers;
}

/** The app icon: a blue-to-violet rounded tile, the white arch and a pale gem in its opening. */
const APP_ICON = [
  {
    shape: roundedRect(1, 1, 15, 15, 3.2),
    rgba: (_x, y) => {
      const t = Math.min(Math.max((y - 1) / 14, 0), 1);
      return [Math.round(72 + (108 - 72) * t), Math.round(124 + (64 - 124) * t), 255 - Math.round(15 * t), 1];
    },
  },
  { shape: scaled(arch, 0.68, 0.3), rgba: WHITE },
  { shape: scaled(gem, 0.68, 0.3), rgba: [150, 232, 255, 1] },
];

function pngs() {
  const files = new Map();
  const appIcon = new Map(
    [16, 32, 48, 64, 128, 256, 512, 1024].map((size) => [size, encodePng(size, render(size, APP_ICON))]),
  );
  files.set('icon.png', appIcon.get(512));
  for (const size of [16, 32, 48, 64, 128, 256, 512])
    files.set(`icons/${size}x${size}.png`, appIcon.get(size));
  files.set(
    'icon.ico',
    encodeIco(
      [16, 24, 32, 48, 64, 128, 256].map((size) => ({
        size,
        png: appIcon.get(size) ?? encodePng(size, render(size, APP_ICON)),
      })),
    ),
  );
  files.set(
    'icon.icns',
    encodeIcns(
      [
        ['icp4', 16],
        ['icp5', 32],
        ['icp6', 64],
        ['ic07', 128],
        ['ic08', 256],
        ['ic09', 512],
        ['ic10', 1024],
        ['ic11', 32],
        ['ic12', 64],
        ['ic13', 256],
        ['ic14', 512],
      ].map(([type, size]) => ({ type, png: appIcon.get(size) })),
    ),
  );
  for (const state of ['running', 'paused', 'degraded']) {
    for (const [suffix, size] of [
      ['', 16],
      ['@2x', 32],
    ]) {
      files.set(`tray/tray-${state}${suffix}.png`, encodePng(size, render(size, trayColour(state))));
      files.set(`tray/${state}Template${suffix}.png`, encodePng(size, render(size, trayTemplate(state))));
    }
  }
  return files;
}

// ---- main ------------------------------------------------------------------------------------------

const check = process.argv.includes('--check');
const stale = [];
for (const [name, data] of pngs()) {
  const file = path.join(here, name);
  if (check) {
    const existing = await readFile(file).catch(() => null);
    if (!existing || !existing.equals(data)) stale.push(name);
    continue;
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, data);
}
if (stale.length > 0) {
  process.stderr.write(`Icons out of date: ${stale.join(', ')}. Run: node build/generate-icons.mjs\n`);
  process.exit(1);
}
