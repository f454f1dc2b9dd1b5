import { deflateSync, inflateSync } from 'node:zlib';
import { Seed } from './seed.js';

/**
 * Real PNG files for the emulated image models: small, valid, and a pure function of what was asked,
 * so a test can tell two answers apart and check an image end to end (signature, chunks, CRCs, the
 * zlib stream, the aspect ratio in IHDR). Format: https://www.w3.org/TR/png-3/ — the 8-byte
 * signature, then chunks of (length, type, data, CRC-32 of type and data): IHDR (8-bit RGB),
 * IDAT (zlib of scanlines, each led by filter type 0), IEND.
 */

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 as PNG computes it (ISO 3309, the table-driven algorithm of the PNG spec's Annex D). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** Pixel size for an aspect ratio such as "16:9": the long side is `longSide`. */
export function dimensionsFor(aspectRatio: string | undefined, longSide: number): [number, number] {
  const match = /^(\d+):(\d+)$/.exec(aspectRatio ?? '1:1');
  const w = Number(match?.[1] ?? 1);
  const h = Number(match?.[2] ?? 1);
  return w >= h
    ? [longSide, Math.max(1, Math.round((longSide * h) / w))]
    : [Math.max(1, Math.round((longSide * w) / h)), longSide];
}

/** A diagonal gradient between two colours chosen by `seed`: deterministic, and different per seed. */
export function pngImage(seed: string, width: number, height: number): Buffer {
  const pick = new Seed(`png:${seed}`);
  const from = [pick.below(256), pick.below(256), pick.below(256)];
  const to = [pick.below(256), pick.below(256), pick.below(256)];
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3); // filter byte 0 (None), then RGB
    for (let x = 0; x < width; x++) {
      const t = (x + y) / Math.max(1, width + height - 2);
      for (let c = 0; c < 3; c++) row[1 + x * 3 + c] = Math.round(from[c]! + (to[c]! - from[c]!) * t);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour (RGB)
  // compression 0, filter method 0, interlace 0
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface PngInfo {
  width: number;
  height: number;
}

/**
 * Reads a PNG back strictly (for tests): the signature, every chunk's CRC, IHDR first and IEND last,
 * and the image data inflating to exactly the scanlines IHDR promises. Throws on anything else.
 */
export function readPng(bytes: Buffer): PngInfo {
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG: bad signature');
  let offset = 8;
  const types: string[] = [];
  const idat: Buffer[] = [];
  let info: PngInfo | undefined;
  while (offset < bytes.length) {
    if (offset + 12 > bytes.length) throw new Error('PNG chunk cut short');
    const length = bytes.readUInt32BE(offset);
    const typed = bytes.subarray(offset + 4, offset + 8 + length);
    if (typed.length !== 4 + length || offset + 12 + length > bytes.length)
      throw new Error('PNG chunk cut short');
    if (crc32(typed) !== bytes.readUInt32BE(offset + 8 + length)) throw new Error('PNG chunk CRC mismatch');
    const type = typed.subarray(0, 4).toString('latin1');
    const data = typed.subarray(4);
    types.push(type);
    if (type === 'IHDR') info = { width: data.readUInt32BE(0), height: data.readUInt32BE(4) };
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  if (types[0] !== 'IHDR' || types.at(-1) !== 'IEND' || !info) throw new Error('PNG chunks out of order');
  const pixels = inflateSync(Buffer.concat(idat));
  if (pixels.length !== info.height * (1 + info.width * 3))
    throw new Error('PNG image data has the wrong size');
  return info;
}
