import fs from 'node:fs';
import path from 'node:path';

/**
 * A key must never leave the secret store in clear, so no test may leave one behind. test/security/keyLeak.test.ts drives
 * one whole session and searches everything it produced; this extends the search to the whole test
 * run. Every key an emulator mints (Gemini's `AIza…`, and the OpenAI-compatible emulator's `sk-…`)
 * is appended to one file (GEMGATE_TEST_KEY_LOG, made by the global setup), and whatever a test
 * leaves behind is searched for all of them: a data folder when it is removed, and the output of
 * every `gemgate` process a test ran. A test whose leftovers hold a key fails, naming the file and
 * the key's masked form.
 */
const LOG_VARIABLE = 'GEMGATE_TEST_KEY_LOG';

export function recordIssuedKey(key: string): void {
  const log = process.env[LOG_VARIABLE];
  if (log) fs.appendFileSync(log, `${key}\n`);
}

function issuedKeys(): string[] {
  const log = process.env[LOG_VARIABLE];
  if (!log) return [];
  try {
    return fs.readFileSync(log, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** How a key may appear in a failure message: never whole. */
export function maskForReport(key: string): string {
  return `${key.slice(0, 4)}…${key.slice(-4)}`;
}

/** Where the run's keys appear among these texts, as "where: masked key" lines. */
export function keysIn(texts: Array<[where: string, text: string | Buffer]>): string[] {
  const keys = issuedKeys();
  if (keys.length === 0) return [];
  const found: string[] = [];
  for (const [where, text] of texts) {
    // latin1 keeps every byte as one character, so a key inside any binary file (SQLite's pages,
    // the WAL) is found as well as one in a text file.
    const haystack = typeof text === 'string' ? text : text.toString('latin1');
    for (const key of keys) if (haystack.includes(key)) found.push(`${where}: ${maskForReport(key)}`);
  }
  return found;
}

/** Throws if any file under the folder holds one of the run's keys in clear. */
export function assertNoKeysInFolder(dir: string, what: string): void {
  const files = fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry): [string, Buffer] => {
      const file = path.join(entry.parentPath, entry.name);
      return [path.relative(dir, file), fs.readFileSync(file)];
    });
  const found = keysIn(files);
  if (found.length > 0) throw new Error(`an API key in clear in ${what}:\n${found.join('\n')}`);
}

/** Throws if a process's output holds one of the run's keys. */
export function assertNoKeysInOutput(what: string, output: { stdout: string; stderr: string }): void {
  const found = keysIn([
    ['stdout', output.stdout],
    ['stderr', output.stderr],
  ]);
  if (found.length > 0) throw new Error(`an API key in clear in the output of ${what}:\n${found.join('\n')}`);
}

export const KEY_LOG_VARIABLE = LOG_VARIABLE;
