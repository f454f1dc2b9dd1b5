import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { collectBackup } from '../../backup/backupPayload.js';
import { openBackup, sealBackup } from '../../backup/backupFile.js';
import type { ImportChange, ImportMode } from '../../backup/importBackup.js';
import { writeFileAtomic } from '../../util/atomicFile.js';
import { backupPassphrase } from '../passphrase.js';
import { printJson, printLine } from '../io.js';
import { withServices } from '../session.js';

const SYMBOL: Record<ImportChange['action'], string> = {
  add: '+',
  update: '~',
  remove: '-',
  keep: '=',
  skip: '!',
};

export function registerBackupCommands(program: Command): void {
  const backup = program
    .command('backup')
    .description('encrypted backup of accounts, keys (with their secrets), tokens, settings and prices');

  backup
    .command('export')
    .description(
      'write everything to one file, encrypted with a passphrase (GEMGATE_BACKUP_PASSPHRASE or asked)',
    )
    .argument('<file>', 'where to write the backup')
    .option('--force', 'overwrite FILE if it exists')
    .action(async (file: string, options: { force?: boolean }, command: Command) => {
      const target = path.resolve(file);
      if (fs.existsSync(target) && !options.force) {
        throw new Error(`${target} exists; pass --force to overwrite it.`);
      }
      await withServices(command, async (services) => {
        const { payload, skipped } = await collectBackup(services, services.secrets);
        const sealed = sealBackup(payload, await backupPassphrase(true));
        writeFileAtomic(target, sealed, 0o600);
        for (const key of skipped) {
          process.stderr.write(
            `gemgate: key ${key.id} (${key.masked}) has no secret in the secret store and is not in the backup.\n`,
          );
        }
        printLine(
          `Wrote ${target}: ${payload.accounts.length} accounts, ${payload.keys.length} keys, ${payload.tokens.length} tokens, ${Object.keys(payload.settings).length} settings, ${payload.prices.length} prices.`,
        );
      });
    });

  backup
    .command('import')
    .description(
      'restore a backup: merge into what is here (default) or replace it; --dry-run lists the changes',
    )
    .argument('<file>', 'a file written by `gemgate backup export`')
    .option('--merge', 'add what is missing, keep everything already here (default)')
    .option(
      '--replace',
      'make accounts, keys, tokens, settings and prices exactly the backup (the usage log stays)',
    )
    .option('--dry-run', 'list the changes and change nothing')
    .option('--json', 'print the changes as JSON')
    .action(
      async (
        file: string,
        options: { merge?: boolean; replace?: boolean; dryRun?: boolean; json?: boolean },
        command: Command,
      ) => {
        if (options.merge && options.replace) throw new Error('Choose one of --merge and --replace.');
        const mode: ImportMode = options.replace ? 'replace' : 'merge';
        const text = readBackupFile(file);
        const passphrase = await backupPassphrase(false);
        // Decrypted and validated completely before the data folder is even opened for writing.
        const payload = openBackup(text, passphrase);
        await withServices(command, async ({ backups }) => {
          const { changes, warnings } = await backups.restore(payload, mode, options.dryRun);
          const changed = changes.filter((change) => change.action !== 'keep' && change.action !== 'skip');
          if (options.json) {
            return printJson({ mode, dryRun: Boolean(options.dryRun), changes, warnings });
          }
          for (const change of changes) {
            printLine(`${SYMBOL[change.action]} ${change.kind} ${change.id}: ${change.detail}`);
          }
          const [add, update, remove, keep] = (['add', 'update', 'remove', 'keep'] as const).map(
            (action) => changes.filter((c) => c.action === action).length,
          );
          printLine(
            options.dryRun
              ? `Dry run (${mode}): ${add} to add, ${update} to update, ${remove} to remove, ${keep} unchanged. Nothing was changed.`
              : changed.length === 0
                ? `Nothing to import (${mode}): everything in the backup is already here.`
                : `Imported (${mode}): ${add} added, ${update} updated, ${remove} removed, ${keep} unchanged.`,
          );
          for (const warning of warnings) process.stderr.write(`gemgate: warning: ${warning}\n`);
        });
      },
    );
}

function readBackupFile(file: string): string {
  try {
    return fs.readFileSync(path.resolve(file), 'utf8');
  } catch (error) {
    throw new Error(
      `Could not read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
      { cause: error },
    );
  }
}
