import type { Command } from 'commander';
import { resolveDataDir } from '../config/dataDir.js';

/** `--data-dir` is accepted before or after the subcommand; the environment and OS default follow. */
export function dataDirOf(command: Command): string {
  const { dataDir } = command.optsWithGlobals<{ dataDir?: string }>();
  return resolveDataDir(dataDir);
}
