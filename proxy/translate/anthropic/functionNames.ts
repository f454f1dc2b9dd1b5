import { sha256Hex } from '../../util/ids.js';

/** Gemini's rule for a function's name (https://ai.google.dev/api/caching#FunctionDeclaration). */
const GEMINI_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;
const MAX_LENGTH = 64;

/**
 * Tool names as Anthropic takes them (`^[a-zA-Z0-9_-]{1,128}$`) are not always names Gemini takes
 * (a letter or `_` first, 64 characters at most): Claude Code names MCP tools
 * `mcp__<server>__<tool>`, which often run past 64. Such a name is sent to Gemini shortened, and the
 * calls Gemini makes are named back as the client declared them:
 *
 * | the client's name                          | Gemini's name                                         |
 * | ------------------------------------------ | ----------------------------------------------------- |
 * | one Gemini takes                           | the same                                              |
 * | other characters than A-Z a-z 0-9 _ . : -  | each replaced by `_`, then the row below              |
 * | a first character other than a letter or _ | `_` in front, then the row below                      |
 * | changed above, or longer than 64           | its first 55 characters, `_`, 8 hex digits of its SHA-256 |
 *
 * The hash makes two long names that share their first 55 characters stay two names, and the same
 * name always gives the same Gemini name, so a tool_use in the history matches its declaration.
 */
export function geminiFunctionName(name: string): string {
  if (GEMINI_NAME.test(name)) return name;
  let safe = name.replace(/[^A-Za-z0-9_.:-]/g, '_');
  if (!/^[A-Za-z_]/.test(safe)) safe = `_${safe}`;
  const hash = sha256Hex(name).slice(0, 8);
  return `${safe.slice(0, MAX_LENGTH - hash.length - 1)}_${hash}`;
}

/** The names of one request's tools, both ways. */
export class FunctionNames {
  private readonly clientNames = new Map<string, string>();

  constructor(declared: Iterable<string>) {
    for (const name of declared) this.clientNames.set(geminiFunctionName(name), name);
  }

  /** The name a Gemini function call is shown to the client by: the declared one it stands for. */
  toClient(geminiName: string): string {
    return this.clientNames.get(geminiName) ?? geminiName;
  }
}
