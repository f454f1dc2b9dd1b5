/**
 * The Gemini model a Claude model id stands for when the user has no alias for it. Claude Code names
 * the model the user sets (`ANTHROPIC_MODEL`), but also Claude ids of its own: the small, fast model
 * (`ANTHROPIC_DEFAULT_HAIKU_MODEL` / `ANTHROPIC_SMALL_FAST_MODEL`, by default a `claude-haiku-…` id) for
 * titles and summaries, and `claude-sonnet-…` / `claude-opus-…` when none is set. Each family goes
 * to the Gemini model of its weight:
 *
 * | Claude id (any version or date)   | Gemini model       |
 * | --------------------------------- | ------------------ |
 * | `claude-…haiku…`                  | gemini-2.5-flash   |
 * | `claude-…sonnet…`                 | gemini-2.5-pro     |
 * | `claude-…opus…`                   | gemini-2.5-pro     |
 * | any other `claude-…`              | gemini-2.5-pro     |
 *
 * Stable models, so that the defaults keep working when previews come and go. An alias of
 * `models.aliases` wins over this table (`claude-*haiku*=gemini-2.5-flash-lite`).
 */
const FAMILIES: ReadonlyArray<[RegExp, string]> = [
  [/haiku/, 'gemini-2.5-flash'],
  [/sonnet/, 'gemini-2.5-pro'],
  [/opus/, 'gemini-2.5-pro'],
];
const OTHER_CLAUDE = 'gemini-2.5-pro';

export function geminiForClaude(model: string): string | undefined {
  const name = model.trim().toLowerCase();
  if (!name.startsWith('claude-')) return undefined;
  return FAMILIES.find(([family]) => family.test(name))?.[1] ?? OTHER_CLAUDE;
}
