import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh data folder under the OS temp dir; removed by the returned cleanup. */
export function tempDataDir(label = 'gemgate'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under a folder, recursively, as [path, bytes]. */
export function readTree(dir: string): Array<[string, Buffer]> {
  const out: Array<[string, Buffer]> = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out.push([file, fs.readFileSync(file)]);
  }
  return out;
}
