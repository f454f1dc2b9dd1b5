import type { GenerateContentResponse, UsageMetadata } from '../gemini/types.js';

/**
 * A frame of the shape most of every answer is made of: one candidate whose parts are all plain,
 * non-empty text, and beside it only usage, model version, response id and creation time:
 *
 *   {"candidates": [{"content": {"parts": [{"text": "…"}], "role": "model"}, "index": 0}],
 *    "usageMetadata": {…}, "modelVersion": "…", "responseId": "…"}
 *
 * No finishReason, thought, signature, function call, safety verdict or blocked prompt: nothing the
 * resume engine has to act on. Such a frame is read by a skim of its JSON text (skimFrame) instead of
 * JSON.parse, at about a third of the cost; nothing of it is built as objects, its text can be
 * relayed as Gemini wrote it, and its usage is parsed only when someone asks for it.
 */
export interface PlainText {
  /** Each text part's string as written in the JSON, escapes included, without its quotes. */
  readonly texts: readonly string[];
  /** Length of the decoded text of all parts (UTF-16 code units, as String.length counts). */
  readonly length: number;
  /** No text holds a backslash: the written strings are the text itself. */
  readonly unescaped: boolean;
  /**
   * The written strings are exactly what JSON.stringify writes for their text, so a string written
   * around them is byte for byte the one JSON.stringify would write. Escapes JSON.stringify never
   * writes (`\/`, `\u…`) make this false.
   */
  readonly canonical: boolean;
  /** The candidate says `"index": 0` (rather than leaving its index out). */
  readonly hasIndex: boolean;
  /** The frame has a usageMetadata. */
  readonly hasUsage: boolean;
  /** The decoded responseId, when the frame has one. */
  readonly responseId: string | undefined;
  /**
   * The frame's keys other than `candidates`, in their order, as one number (see REST_KEYS): two
   * frames with the same number have the same keys in the same order.
   */
  readonly restKeys: number;
  /** The frame's usageMetadata (parsed on each call), or undefined when it has none. */
  usage(): UsageMetadata | undefined;
}

/** The keys a plain frame may have besides `candidates`, numbered for `restKeys`. */
export const REST_KEYS = ['usageMetadata', 'modelVersion', 'createTime', 'responseId'] as const;

/** `restKeys` for a list of keys (those of a parsed chunk), or -1 when one is not in REST_KEYS. */
export function restKeysOf(keys: readonly string[]): number {
  let code = 0;
  for (const key of keys) {
    if (key === 'candidates') continue;
    const index = (REST_KEYS as readonly string[]).indexOf(key);
    if (index === -1) return -1;
    code = code * 5 + index + 1;
  }
  return code;
}

/** The decoded text of written JSON string contents (PlainText.texts), joined. */
export function decodeTexts(texts: readonly string[], unescaped: boolean): string {
  const joined = texts.length === 1 ? texts[0]! : texts.join('');
  return unescaped ? joined : (JSON.parse(`"${joined}"`) as string);
}

// The grammar of a plain frame, written with JSON's own rules (https://www.json.org), so that
// whatever it matches JSON.parse accepts and reads the same way. The keys come in the order Gemini
// writes them (the Gemini API: candidates, usageMetadata, modelVersion, responseId; Vertex AI adds
// createTime before responseId; a content's role may come before or after its parts); a frame in
// any other order is simply not skimmed. Strings are
// written "unrolled" (plain characters, then each escape followed by plain characters): no two ways
// to match the same text, so a payload that fails to match fails in linear time.
const W = '[ \\t\\n\\r]*';
const PLAIN_CHARS = '[^"\\\\\\x00-\\x1f]*';
const CHARS = `${PLAIN_CHARS}(?:\\\\(?:["\\\\/bfnrt]|u[0-9a-fA-F]{4})${PLAIN_CHARS})*`;
const STRING = `"${CHARS}"`;
const NUMBER = '-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?';
const SCALAR = `(?:${STRING}|${NUMBER}|true|false|null)`;
const members = (value: string) =>
  `${W}(?:${STRING}${W}:${W}${value}${W}(?:,${W}${STRING}${W}:${W}${value}${W})*)?`;
const elements = (value: string) => `${W}(?:${value}${W}(?:,${W}${value}${W})*)?`;
const FLAT_OBJECT = `\\{${members(SCALAR)}\\}`;
const FLAT_ARRAY = `\\[${elements(`(?:${SCALAR}|${FLAT_OBJECT})`)}\\]`;
// A usage report: counts, and lists of per-modality counts (promptTokensDetails and the like).
const USAGE = `\\{${members(`(?:${SCALAR}|${FLAT_ARRAY}|${FLAT_OBJECT})`)}\\}`;
const TEXT_PART = `\\{${W}"text"${W}:${W}"(?!")(${CHARS})"${W}\\}`;
const member = (key: string, value: string) => `(?:,${W}"${key}"${W}:${W}(${value})${W})?`;
const PLAIN_FRAME = new RegExp(
  `^${W}\\{${W}"candidates"${W}:${W}\\[${W}\\{${W}` +
    `"content"${W}:${W}\\{${W}(?:"role"${W}:${W}${STRING}${W},${W})?"parts"${W}:${W}\\[${W}${TEXT_PART}${W}((?:,${W}\\{${W}"text"${W}:${W}"(?!")${CHARS}"${W}\\}${W})*)\\]${W}` +
    `(?:,${W}"role"${W}:${W}${STRING}${W})?\\}${W}` +
    `(,${W}"index"${W}:${W}0${W})?\\}${W}\\]${W}` +
    member('usageMetadata', USAGE) +
    member('modelVersion', STRING) +
    member('createTime', STRING) +
    member('responseId', STRING) +
    `\\}${W}$`,
);
/** The second and later text parts of a frame (rare: Gemini writes one part per frame). */
const MORE_TEXT = new RegExp(`"text"${W}:${W}"(${CHARS})"`, 'g');
/** Lone surrogates, which JSON.stringify writes as escapes. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SURROGATE = /[\ud800-\udfff]/;
/** Escapes JSON.stringify never writes: `\/`, and `\u` for a character it writes as is. */
const UNUSUAL_ESCAPE = /\\[/u]/;
/** Longer payloads are left to JSON.parse: a backtracking regex needs memory for each step. */
const MAX_SKIM = 64 * 1024;

/**
 * A frame read by a skim: what the skim found (PlainText) and the frame itself, its JSON text and
 * its chunk, parsed only the first time someone reads it. One object per frame: the stream reader
 * hands it on as the frame.
 */
export class SkimmedFrame implements PlainText {
  private parsed: GenerateContentResponse | undefined;

  constructor(
    readonly json: string,
    readonly texts: readonly string[],
    readonly length: number,
    readonly unescaped: boolean,
    readonly canonical: boolean,
    readonly hasIndex: boolean,
    readonly restKeys: number,
    /** The usageMetadata and responseId values as written, undefined when absent. */
    private readonly usageJson: string | undefined,
    private readonly responseIdJson: string | undefined,
  ) {}

  /** This frame's skim: a frame of plain text is its own. */
  get plain(): PlainText {
    return this;
  }

  get chunk(): GenerateContentResponse {
    return (this.parsed ??= JSON.parse(this.json) as GenerateContentResponse);
  }

  get hasUsage(): boolean {
    return this.usageJson !== undefined;
  }

  get responseId(): string | undefined {
    const written = this.responseIdJson;
    if (written === undefined) return undefined;
    return written.includes('\\') ? (JSON.parse(written) as string) : written.slice(1, -1);
  }

  usage(): UsageMetadata | undefined {
    return this.usageJson === undefined ? undefined : (JSON.parse(this.usageJson) as UsageMetadata);
  }
}

/**
 * Skims one SSE payload: the frame, read, if it is a frame of plain text; undefined for any other
 * payload (another shape, or not JSON at all). Undefined never means "broken": the caller then
 * parses the payload, and that decides. The regex accepts only JSON, so a payload it matches is valid.
 */
export function skimFrame(json: string): SkimmedFrame | undefined {
  if (json.length > MAX_SKIM) return undefined;
  const match = PLAIN_FRAME.exec(json);
  if (match === null) return undefined;
  const texts = [match[1]!];
  if (match[2]) for (const more of match[2].matchAll(MORE_TEXT)) texts.push(more[1]!);
  let length = 0;
  let unescaped = true;
  let canonical = true;
  for (const text of texts) {
    if (text.includes('\\')) {
      unescaped = false;
      if (UNUSUAL_ESCAPE.test(text)) canonical = false;
      length += decodedLength(text);
    } else {
      length += text.length;
    }
    if (canonical && SURROGATE.test(text) && LONE_SURROGATE.test(text)) canonical = false;
  }
  const usage = match[4];
  const responseId = match[7];
  let restKeys = 0;
  if (usage !== undefined) restKeys = restKeys * 5 + 1;
  if (match[5] !== undefined) restKeys = restKeys * 5 + 2;
  if (match[6] !== undefined) restKeys = restKeys * 5 + 3;
  if (responseId !== undefined) restKeys = restKeys * 5 + 4;
  const hasIndex = match[3] !== undefined;
  return new SkimmedFrame(json, texts, length, unescaped, canonical, hasIndex, restKeys, usage, responseId);
}

/** Length of the text a JSON string's contents (valid, with escapes) decode to. */
function decodedLength(written: string): number {
  let length = written.length;
  for (let at = written.indexOf('\\'); at !== -1; at = written.indexOf('\\', at)) {
    const width = written.charCodeAt(at + 1) === 117 ? 6 : 2;
    length -= width - 1;
    at += width;
  }
  return length;
}
