/**
 * What an uploaded image really is, from its first bytes rather than the type a client declared
 * (SDKs often send `application/octet-stream`). The formats Gemini takes as image input
 * (https://ai.google.dev/gemini-api/docs/image-understanding : PNG, JPEG, WEBP, HEIC, HEIF):
 *
 * | starts with                                | is          |
 * | ------------------------------------------ | ----------- |
 * | 89 50 4E 47 0D 0A 1A 0A                    | image/png   |
 * | FF D8 FF                                   | image/jpeg  |
 * | `RIFF` ???? `WEBP`                         | image/webp  |
 * | ???? `ftyp` `heic`/`heix`/`hevc`/`hevx`    | image/heic  |
 * | ???? `ftyp` `mif1`/`msf1`/`heif`           | image/heif  |
 *
 * Anything else: undefined.
 */
export function imageKindOf(bytes: Uint8Array): string | undefined {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes.length >= 8 && ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp') {
    const brand = ascii(8, 12);
    if (['heic', 'heix', 'hevc', 'hevx'].includes(brand)) return 'image/heic';
    if (['mif1', 'msf1', 'heif'].includes(brand)) return 'image/heif';
  }
  return undefined;
}
