import { execFileSync } from 'node:child_process';

/**
 * Tests that start `gemgate` as a child process run the bundled CLI (what `npx gemgate` runs), so
 * rebuild it from the current sources first; the build takes well under a second.
 */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit' });
}
