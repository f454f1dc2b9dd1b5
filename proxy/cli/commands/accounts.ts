import type { Command } from 'commander';
import { printJson, printLine, printTable } from '../io.js';
import { withServices } from '../session.js';

export function registerAccountCommands(program: Command): void {
  const accounts = program
    .command('accounts')
    .description('Google accounts: primary ones serve first, backup ones only when no primary can');

  accounts
    .command('list')
    .description('list accounts with their tier, state and keys')
    .option('--json', 'print a JSON array, one object per account')
    .action((options: { json?: boolean }, command: Command) =>
      withServices(command, ({ accounts }) => {
        const rows = accounts.list();
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
      }),
    );

  accounts
    .command('set')
    .description("change an account's tier or state (a running gateway picks it up within a second)")
    .argument('<name>', 'account name, as given to `keys add --account`')
    .option('--tier <tier>', 'primary or backup')
    .option('--state <state>', 'active, or disabled (its keys are not used)')
    .action((name: string, options: { tier?: string; state?: string }, command: Command) =>
      withServices(command, ({ accounts }) => {
        const account = accounts.update(name, options);
        printLine(`${account.label}: ${account.tier}, ${account.state}`);
      }),
    );
}
