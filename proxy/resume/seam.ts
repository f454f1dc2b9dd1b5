/**
 * Joins a continuation onto what the client already has, without duplicate or gap.
 *
 * Asked to continue, a model often repeats some of what it said before the cut: the last sentence,
 * the last line, or the word it was in the middle of. The overlap is a suffix of the text already
 * sent that is also a prefix of the continuation. The rules keep coincidences safe:
 *   - an overlap of MIN_OVERLAP characters or more is removed;
 *   - a shorter one only when it restarts a word: at least two letters or digits of a script
 *     written with spaces (after any Markdown emphasis marks), beginning where a word began in the
 *     text already sent, and the continuation goes on with the same word;
 *   - in Chinese and Japanese, written without spaces, a shorter one only when it restarts a
 *     clause: at least two Han or kana characters, beginning right after punctuation or a line
 *     break in the text already sent, and the continuation goes on with the same clause. That is
 *     how models restart there ("……首先是成本，其次是" + "其次是时间"); a repeat inside a clause
 *     ("我们说哈哈" + "哈哈，真好笑") is as likely meant as not, and is kept;
 *   - nothing is removed when the seam is ambiguous, that is when more than one overlap length
 *     fits. That happens in text that repeats itself (a row of dashes, "0000", "ha ha ha"), where
 *     the model may well have continued correctly, and removing would eat real text.
 */
export const MIN_OVERLAP = 8;

/** How far back the continuation may reach: models repeat a sentence or a paragraph, not a page. */
export const OVERLAP_WINDOW = 600;

// A word of a script written with spaces, possibly opened by Markdown emphasis or code marks.
const WORD = /^[*_`~]*[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Hangul}\p{N}'-]{2,}$/u;
const WORD_CHAR = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Hangul}\p{N}]/u;
// Scripts written without spaces; ー (U+30FC) and 々 are Common but belong to the word around them.
const CLAUSE = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]{2,}$/u;
const CLAUSE_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー々]/u;
// What a clause begins after: any punctuation (，。、：「 included), a space or line break, Markdown marks.
const CLAUSE_START = /[\p{P}\s*_`>~#]/u;

export function overlapLength(sent: string, continuation: string): number {
  const tail = sent.slice(-OVERLAP_WINDOW);
  const fits: number[] = [];
  for (let k = Math.min(tail.length, continuation.length); k > 0; k--) {
    if (tail.endsWith(continuation.slice(0, k))) fits.push(k);
  }
  const longest = fits[0];
  if (longest === undefined) return 0;
  if (longest >= MIN_OVERLAP) return fits.filter((k) => k >= MIN_OVERLAP).length === 1 ? longest : 0;
  if (fits.length !== 1) return 0;
  return restartsWord(tail, continuation, longest) || restartsClause(tail, continuation, longest)
    ? longest
    : 0;
}

function restartsWord(tail: string, continuation: string, k: number): boolean {
  const overlap = tail.slice(tail.length - k);
  if (!WORD.test(overlap)) return false;
  const before = tail.charAt(tail.length - k - 1);
  const beginsWord = before === '' || /[\s([{"“‘*_`>~-]/u.test(before);
  return beginsWord && WORD_CHAR.test(continuation.charAt(k));
}

function restartsClause(tail: string, continuation: string, k: number): boolean {
  if (!CLAUSE.test(tail.slice(tail.length - k))) return false;
  const before = tail.charAt(tail.length - k - 1);
  const beginsClause = before === '' || CLAUSE_START.test(before);
  return beginsClause && CLAUSE_CHAR.test(continuation.charAt(k));
}

/**
 * Streams a continuation through: holds its beginning back only while it could still be a repeat of
 * the tail already sent, then lets everything after the overlap pass.
 */
export class SeamJoiner {
  private buffer = '';
  private decided = false;

  constructor(private readonly sent: string) {}

  push(text: string): string {
    if (this.decided) return text;
    this.buffer += text;
    if (this.buffer.length < OVERLAP_WINDOW && this.sent.slice(-OVERLAP_WINDOW).includes(this.buffer))
      return '';
    return this.decide();
  }

  /** The continuation ended (or stopped being text): release what is held back. */
  flush(): string {
    return this.decided ? '' : this.decide();
  }

  /** Characters removed at the seam, once decided. */
  removed = 0;

  private decide(): string {
    this.decided = true;
    this.removed = overlapLength(this.sent, this.buffer);
    const out = this.buffer.slice(this.removed);
    this.buffer = '';
    return out;
  }
}
