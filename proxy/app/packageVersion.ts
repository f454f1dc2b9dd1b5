import fs from 'node:fs';
import path from 'node:path';

/**
 * gemgate's version from its package.json, found by walking up from the running code (the
 * sources, dist/cli.mjs or dist/electron/main.cjs all sit below it). "unknown" if it is not there.
 */
export function packageVersion(start: string): string {
  let dir = start;
  for (let depth = 0; depth < 6; depth++) {
    try {
      const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === 'gemgate' && manifest.version) return manifest.version;
    } catch {
      // no package.json here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return 'unknown';
}
