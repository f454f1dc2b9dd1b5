import type { Blob } from '../../gemini/types.js';

export interface DecodedDataUrl extends Blob {
  /** Size of the decoded bytes, for the inline-size limit; computed without decoding. */
  byteLength: number;
}

/**
 * `data:image/png;base64,iVBOR...` -> Gemini `inlineData` (RFC 2397). Clients nearly always send
 * base64 (the AI SDK, Roo Code and Cline build exactly `data:${mediaType};base64,${data}`); the
 * percent-encoded form is decoded and re-encoded. Returns undefined for anything that is not a data URL.
 */
export function parseDataUrl(url: string): DecodedDataUrl | undefined {
  const match = /^data:([^,]*),(.*)$/s.exec(url);
  if (!match) return undefined;
  const meta = (match[1] ?? '').split(';').map((s) => s.trim());
  const payload = match[2] ?? '';
  const isBase64 = meta.includes('base64');
  const mimeType = meta[0] && meta[0].includes('/') ? meta[0].toLowerCase() : 'text/plain';

  if (isBase64) {
    // Some clients wrap long base64 lines; Gemini wants it contiguous.
    const data = payload.replace(/\s+/g, '');
    return { mimeType, data, byteLength: base64ByteLength(data) };
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(payload);
  } catch {
    return undefined; // malformed %-escapes: not a usable data URL
  }
  const bytes = Buffer.from(decoded, 'utf8');
  return { mimeType, data: bytes.toString('base64'), byteLength: bytes.length };
}

export function base64ByteLength(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}
