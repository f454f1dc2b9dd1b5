// Runs a TypeScript entry point (benchmarks, the emulator) with tsx, without a build step.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsx, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
