import type { Command } from 'commander';
import { formatTime, printJson, printLine, printTable, readStdinLines } from '../io.js';
import { withServices } from '../session.js';

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description("manage the pools of API keys, Gemini's and other providers' (stored in the OS keychain)");

  keys
    .command('add')
    .description('add keys to an account; reads them from stdin, one a line, when none are given')
    .argument('[key...]', 'API keys (prefer stdin: arguments end up in shell history)')
    .option(
      '--provider <name>',
      'the provider the keys are for (default: gemini); others are checked with it first',
    )
    .requiredOption('--account <name>', 'account (Google account) the keys belong to; created if new')
    .option(
      '--tier <tier>',
      'primary or backup (a backup account is used only when no primary key can serve)',
    )
    .option(
      '--project <id>',
      'Google Cloud project id the keys belong to (keys of one project share its quota)',
    )
    .action(
      async (
        given: string[],
        options: { account: string; tier?: string; project?: string; provider?: string },
        command: Command,
      ) => {
        const candidates =
          given.length > 0
            ? given
            : await readStdinLines(
                `Paste ${options.provider && options.provider !== 'gemini' ? `${options.provider} API keys` : 'Gemini API keys'}, one a line, then press Ctrl-D:`,
              );
        await withServices(command, async ({ keys }) => {
          const added = await keys.add({
            account: options.account,
            tier: options.tier,
            project: options.project,
            provider: options.provider,
            keys: candidates,
          });
          for (const key of added) printLine(`added ${key.id} ${key.masked}`);
        });
      },
    );

  keys
    .command('list')
    .description('list keys, masked, with their state')
    .option('--json', 'print a JSON array, one object per key')
    .action((options: { json?: boolean }, command: Command) =>
      withServices(command, ({ store }) => {
        const accounts = new Map(store.accounts.list().map((account) => [account.id, account]));
        const projects = new Map(store.projects.list().map((project) => [project.id, project]));
        const cooldowns = store.poolState.cooldowns();
        const rows = store.keys.list().map((key) => {
          const account = accounts.get(key.accountId);
          const project = projects.get(key.projectId);
          return {
            id: key.id,
            masked: key.masked,
            provider: key.provider,
            account: account?.label ?? key.accountId,
            tier: account?.tier ?? 'primary',
            project: project?.gcpProject ?? null,
            projectId: key.projectId,
            state: key.state,
            reason: key.stateReason,
            lastCheckedAt: key.lastCheckedAt === null ? null : new Date(key.lastCheckedAt).toISOString(),
            createdAt: new Date(key.createdAt).toISOString(),
            stateSince: key.stateSince === null ? null : new Date(key.stateSince).toISOString(),
            // Quotas are per project: a 429 cools every key of the project, for that model.
            cooling: cooldowns
              .filter((cooldown) => cooldown.projectId === key.projectId)
              .map((cooldown) => ({
                model: cooldown.model,
                until: new Date(cooldown.until).toISOString(),
                scope: cooldown.scope,
              })),
          };
        });
        if (options.json) return printJson(rows);
        printTable(
          rows.map((row) => ({
            id: row.id,
            key: row.masked,
            provider: row.provider,
            account: row.account,
            tier: row.tier,
            project: row.project ?? '(own)',
            state: row.state,
            reason: row.reason ?? '',
            cooling: row.cooling.map((cooldown) => `${cooldown.model} until ${cooldown.until}`).join(', '),
          })),
          'No keys yet. Add one with: gemgate keys add --account NAME',
        );
      }),
    );

  keys
    .command('remove')
    .description('remove a key from the pool and from the secret store')
    .argument('<id>', 'key id, as `keys list` shows it')
    .action((id: string, _options: unknown, command: Command) =>
      withServices(command, async ({ keys }) => {
        const removed = await keys.remove(id);
        printLine(`removed ${removed.id} ${removed.masked}`);
      }),
    );

  keys
    .command('enable')
    .description('put a key back in the pool (one Gemini refused, or one you disabled)')
    .argument('<id>', 'key id, as `keys list` shows it')
    .action((id: string, _options: unknown, command: Command) =>
      withServices(command, ({ keySwitch }) => {
        const key = keySwitch.enable(id);
        printLine(`enabled ${key.id} ${key.masked}`);
      }),
    );

  keys
    .command('disable')
    .description('take a key out of the pool until you enable it again')
    .argument('<id>', 'key id, as `keys list` shows it')
    .option('--reason <text>', 'why, shown by `keys list`')
    .action((id: string, options: { reason?: string }, command: Command) =>
      withServices(command, ({ keySwitch }) => {
        const key = keySwitch.disable(id, options.reason);
        printLine(`disabled ${key.id} ${key.masked}`);
      }),
    );

  keys
    .command('check')
    .description(
      'validate keys against their provider; a key it refuses is disabled, one it accepts again is re-enabled',
    )
    .argument('[id]', 'check only this key')
    .option('--json', 'print a JSON array of results')
    .action((id: string | undefined, options: { json?: boolean }, command: Command) =>
      withServices(command, async ({ store, checks }) => {
        const targets = id ? [store.keys.get(id)] : store.keys.list();
        if (id && !targets[0])
          throw new Error(`No key with id "${id}". \`gemgate keys list\` shows the ids.`);
        const results = [];
        for (const key of targets) {
          if (!key) continue;
          const result = await checks.check(key);
          results.push({ id: key.id, masked: key.masked, ...result });
        }
        if (options.json) return printJson(results);
        printTable(
          results.map((result) => ({
            id: result.id,
            key: result.masked,
            result: result.ok ? 'ok' : result.verdict,
            detail: result.detail,
            checked: formatTime(Date.now()),
          })),
          'No keys to check.',
        );
      }),
    );
}
