import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { assertNoKeysInFolder } from './keyCanaries.js';

/**
 * A fresh data folder under the OS temp dir; removed by the returned cleanup, which first searches
 * it for every Gemini key minted during the test run and fails if one is there in clear.
 */
export function tempDataDir(label = 'gemgate'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${label}-`));
  return {
    dir,
    cleanup: () => {
      let leak: unknown;
      try {
        if (fs.existsSync(dir)) assertNoKeysInFolder(dir, `the data folder ${path.basename(dir)}`);
      } catch (error) {
        leak = error;
      }
      fs.rmSync(dir, { recursive: true, force: true });
      if (leak) throw leak;
    },
  };
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
