import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../test/support/cli.js';

/**
 * The CLI as it was at git revision REV, bundled the way scripts/build-cli.mjs bundles it today
 * (the revision's own build script, run on its own sources), kept as dist/cli-<commit>.mjs so that
 * its packages resolve from this worktree's node_modules. For "before and after" in one benchmark
 * run (BENCH_COMPARE in bench/gateway.ts); an earlier build uses today's installed packages, which
 * is right as long as the two agree on dependencies (the bench says when they do not).
 */
export function buildCliAt(rev: string): { bundle: string; label: string; note?: string } {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const commit = git('rev-parse', '--verify', `${rev}^{commit}`);
  const short = commit.slice(0, 7);
  const bundle = path.join(REPO_ROOT, 'dist', `cli-${short}.mjs`);
  if (!fs.existsSync(bundle)) {
    const tree = fs.mkdtempSync(path.join(os.tmpdir(), `gemgate-${short}-`));
    try {
      execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${tree}"`], { cwd: REPO_ROOT });
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(tree, 'node_modules'));
      execFileSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: tree, stdio: 'inherit' });
      fs.copyFileSync(path.join(tree, 'dist', 'cli.mjs'), bundle);
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  }
  const dependencies = (json: string) =>
    JSON.stringify((JSON.parse(json) as { dependencies?: unknown }).dependencies);
  const changed =
    dependencies(git('show', `${commit}:package.json`)) !==
    dependencies(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  return {
    bundle,
    label: `gemgate ${short}`,
    ...(changed ? { note: `its dependencies differ from today's, and it runs on today's` } : {}),
  };
}
