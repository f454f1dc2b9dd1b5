import type { Command } from 'commander';
import { isSettingName, SETTING_NAMES, SETTINGS, unknownSettingMessage } from '../../config/settings.js';
import { printJson, printLine, printTable } from '../io.js';
import { withServices } from '../session.js';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('read and change settings');

  config
    .command('get')
    .description('print a setting')
    .argument('<key>', `one of: ${SETTING_NAMES.join(', ')}`)
    .action((key: string, _options: unknown, command: Command) => {
      if (!isSettingName(key)) throw new Error(unknownSettingMessage(key));
      return withServices(command, ({ store }) => {
        printLine(String(store.settings.get(key)));
      });
    });

  config
    .command('set')
    .description('change a setting (a running gateway picks it up within a second)')
    .argument('<key>', 'setting name')
    .argument('<value>', 'new value')
    .action((key: string, value: string, _options: unknown, command: Command) => {
      if (!isSettingName(key)) throw new Error(unknownSettingMessage(key));
      return withServices(command, ({ store }) => {
        printLine(`${key} = ${String(store.settings.set(key, value))}`);
      });
    });

  config
    .command('list')
    .description('print every setting with its value and what it does')
    .option('--json', 'print a JSON object')
    .action((options: { json?: boolean }, command: Command) => {
      return withServices(command, ({ store }) => {
        const all = store.settings.all();
        if (options.json) return printJson(all);
        printTable(
          SETTING_NAMES.map((name) => ({
            setting: name,
            value: String(all[name]),
            about: SETTINGS[name].describe,
          })),
          '',
        );
      });
    });
}
