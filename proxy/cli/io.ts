/** Output helpers for the CLI: results on stdout, problems on stderr. */

export function printLine(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A plain aligned table; an empty list prints `empty` instead, so the user knows it ran. */
export function printTable(rows: Array<Record<string, string>>, empty: string): void {
  if (rows.length === 0) {
    printLine(empty);
    return;
  }
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((column) =>
    Math.max(column.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  printLine(format(columns.map((column) => column.toUpperCase())));
  for (const row of rows) printLine(format(columns.map((column) => row[column] ?? '')));
}

/** Reads stdin to the end, one entry a line; tells an interactive user what to do first. */
export async function readStdinLines(prompt: string): Promise<string[]> {
  if (process.stdin.isTTY) process.stderr.write(`${prompt}\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'));
}

export function formatTime(at: number | null): string {
  return at === null ? '-' : new Date(at).toISOString().replace('T', ' ').slice(0, 19);
}
