/**
 * How deeply a request body may nest. Real requests stay far below (a tool's JSON Schema nests a
 * dozen levels); JSON.parse takes any depth, but JSON.stringify, which forwards the body to
 * Gemini, recurses and overflows the stack at some thousands, and a 5xx is not the client's answer.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * How many JSON values a request body may hold. What parsing costs is the number of values, not
 * the bytes: 18 MB of `[{},{},…]` is six million objects, seconds of a frozen event loop and
 * gigabytes, where 100 MB of one base64 image is one string. Real requests hold thousands (a long
 * agent conversation with its tools' schemas); a function's result full of data some hundred
 * thousand.
 */
export const MAX_JSON_VALUES = 500_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/**
 * The shape of a JSON text read piece by piece as it arrives, before anything is parsed: how deep
 * it nests and how many values it holds, so that a body past either bound is refused while it is
 * still coming, at a cost of a byte scan (strings are skipped with indexOf, so a big base64 string
 * costs almost nothing). Structure is judged outside strings only:
 *
 * | byte outside a string | counts                                  |
 * | --------------------- | --------------------------------------- |
 * | `{` `[`               | one value, one level deeper             |
 * | `}` `]`               | one level up                            |
 * | `,`                   | one more value (of an array or object)  |
 * | `"`                   | a string begins; it ends at the next `"` not escaped by an odd run of `\` |
 *
 * The counts are exact for valid JSON (scalars outside arrays and objects aside); invalid JSON is
 * JSON.parse's to refuse.
 */
export class JsonShape {
  /** Values seen so far (see the table). */
  values = 0;
  /** The deepest nesting seen so far. */
  maxDepth = 0;
  private depth = 0;
  private inString = false;
  /** Backslashes at the end of the last piece, inside a string: an odd run escapes what follows. */
  private backslashes = 0;

  push(piece: Uint8Array): void {
    let at = 0;
    const end = piece.length;
    while (at < end) {
      if (this.inString) {
        const quote = piece.indexOf(QUOTE, at);
        if (quote === -1) {
          this.backslashes = trailingBackslashes(piece, end, at, this.backslashes);
          return;
        }
        const run = trailingBackslashes(piece, quote, at, this.backslashes);
        this.backslashes = 0;
        at = quote + 1;
        if (run % 2 === 0) this.inString = false;
        continue;
      }
      const byte = piece[at++]!;
      if (byte === QUOTE) {
        this.inString = true;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        this.values++;
        if (++this.depth > this.maxDepth) this.maxDepth = this.depth;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        this.depth--;
      } else if (byte === COMMA) {
        this.values++;
      }
    }
  }
}

/** The run of backslashes ending just before `end` (not before `from`), plus `carried` if it reaches `from`. */
function trailingBackslashes(piece: Uint8Array, end: number, from: number, carried: number): number {
  let run = 0;
  for (let i = end - 1; i >= from && piece[i] === BACKSLASH; i--) run++;
  return run === end - from ? run + carried : run;
}
