/**
 * Code-point helpers. The emulator counts "characters" the way a reader does (code points), so a
 * chunk boundary or a fault position never lands inside a surrogate pair: an emoji such as 🚀 is one
 * character here even though it is two UTF-16 units in a JavaScript string.
 */

export function codePoints(text: string): string[] {
  return Array.from(text);
}

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The first `count` code points of `text` (all of it when shorter). */
export function headCodePoints(text: string, count: number): string {
  return codePoints(text).slice(0, Math.max(0, count)).join('');
}

/** The last `count` code points of `text` (all of it when shorter). */
export function tailCodePoints(text: string, count: number): string {
  if (count <= 0) return '';
  return codePoints(text).slice(-count).join('');
}

/**
 * Splits `text` into pieces of at most `size` code points. `breaks` adds extra boundaries (code-point
 * offsets) so that a fault placed "after N characters" falls exactly between two frames.
 */
export function chunkCodePoints(text: string, size: number, breaks: readonly number[] = []): string[] {
  const points = codePoints(text);
  const step = Math.max(1, Math.floor(size));
  const cuts = new Set<number>();
  for (let i = step; i < points.length; i += step) cuts.add(i);
  for (const b of breaks) if (b > 0 && b < points.length) cuts.add(b);
  const sorted = [...cuts].sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const cut of sorted) {
    chunks.push(points.slice(start, cut).join(''));
    start = cut;
  }
  if (start < points.length) chunks.push(points.slice(start).join(''));
  return chunks;
}
