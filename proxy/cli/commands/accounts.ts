import type { Command } from 'commander';
import { openStore } from '../../store/openStore.js';
import { AccountAdmin } from '../../keys/accountAdmin.js';
import { printJson, printLine, printTable } from '../io.js';
import { dataDirOf } from '../options.js';

export function registerAccountCommands(program: Command): void {
  const accounts = program
    .command('accounts')
    .description('Google accounts: primary ones serve first, backup ones only when no primary can');

  accounts
    .command('list')
    .description('list accounts with their tier, state and keys')
    .option('--json', 'print a JSON array, one object per account')
    .action((options: { json?: boolean }, command: Command) => {
      const store = openStore(dataDirOf(command));
      try {
        const rows = new AccountAdmin(store.db).list();
        if (options.json) {
          return printJson(rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() })));
        }
        printTable(
          rows.map((row) => ({
            account: row.label,
            tier: row.tier,
            state: row.state,
            keys: `${row.activeKeys}/${row.keys} active`,
            projects: String(row.projects),
          })),
          'No accounts yet. `gemgate keys add --account NAME` creates one.',
        );
      } finally {
        store.close();
      }
    });

  accounts
    .command('set')
    .description("change an account's tier or state (a running gateway picks it up within a second)")
    .argument('<name>', 'account name, as given to `keys add --account`')
    .option('--tier <tier>', 'primary or backup')
    .option('--state <state>', 'active, or disabled (its keys are not used)')
    .action((name: string, options: { tier?: string; state?: string }, command: Command) => {
      const store = openStore(dataDirOf(command));
      try {
        const account = new AccountAdmin(store.db).update(name, options);
        printLine(`${account.label}: ${account.tier}, ${account.state}`);
      } finally {
        store.close();
      }
    });
}
