import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './cli.js';
import { KEY_LOG_VARIABLE } from './keyCanaries.js';

/**
 * Tests that start `gemgate` as a child process run the bundled CLI (what `npx gemgate` runs), so
 * rebuild it from the current sources first; the build takes well under a second. The dashboard
 * tests need the built renderer (dist/renderer, served at `/`): Vite builds it in a few seconds.
 */
export default function setup(): () => void {
  // Every key the emulator mints in any test worker is listed here (test/support/keyCanaries.ts).
  const keyLog = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gemgate-test-keys-')), 'keys');
  fs.writeFileSync(keyLog, '', { mode: 0o600 });
  process.env[KEY_LOG_VARIABLE] = keyLog;

  execFileSync(process.execPath, ['scripts/build-cli.mjs'], { stdio: 'inherit', cwd: REPO_ROOT });
  execFileSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      stdio: 'inherit',
      cwd: REPO_ROOT,
      // vitest sets NODE_ENV=test, which would make Vite bundle React's development build: the
      // browser tests drive the production bundle users get.
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  return () => fs.rmSync(path.dirname(keyLog), { recursive: true, force: true });
}
