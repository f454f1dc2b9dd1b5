import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';

/**
 * Tests that start `gemgate` as a child process run the bundled CLI (what `npx gemgate` runs), so
 * rebuild it from the current sources first; the build takes well under a second. The dashboard
 * tests need the built renderer (dist/renderer, served at `/`): Vite builds it in a few seconds.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit', cwd: REPO_ROOT });
  execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
      cwd: REPO_ROOT,
    },
  );
}
