import type { Command } from 'commander';
import { openStore } from '../../store/openStore.js';
import { formatTime, printJson, printLine, printTable } from '../io.js';
import { dataDirOf } from '../options.js';

export function registerTokenCommands(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('client access tokens: what apps use as their API key for gemgate');

  tokens
    .command('create')
    .description('create a token; it is printed once and never again')
    .argument('<name>', 'who uses it, e.g. cherry-studio or phone-chatbox')
    .option('--json', 'print {"id", "name", "token"}')
    .action((name: string, options: { json?: boolean }, command: Command) => {
      if (!name.trim()) throw new Error('A token needs a name.');
      const store = openStore(dataDirOf(command));
      try {
        const { record, token } = store.tokens.create(name.trim());
        if (options.json) return printJson({ id: record.id, name: record.name, token });
        printLine(`Created ${record.id} (${record.name}). Copy the token now; it is not shown again:`);
        printLine(token);
      } finally {
        store.close();
      }
    });

  tokens
    .command('list')
    .description('list tokens (never their values)')
    .option('--json', 'print a JSON array')
    .action((options: { json?: boolean }, command: Command) => {
      const store = openStore(dataDirOf(command));
      try {
        const list = store.tokens.list();
        if (options.json) return printJson(list);
        printTable(
          list.map((token) => ({
            id: token.id,
            name: token.name,
            token: `${token.prefix}…`,
            created: formatTime(token.createdAt),
            'last used': formatTime(token.lastUsedAt),
            state: token.revokedAt ? `revoked ${formatTime(token.revokedAt)}` : 'active',
          })),
          'No tokens yet. Create one with: gemgate tokens create NAME',
        );
      } finally {
        store.close();
      }
    });

  tokens
    .command('revoke')
    .description('revoke a token; apps using it get 401 from then on')
    .argument('<id>', 'token id, as `tokens list` shows it')
    .action((id: string, _options: unknown, command: Command) => {
      const store = openStore(dataDirOf(command));
      try {
        if (!store.tokens.get(id))
          throw new Error(`No token with id "${id}". \`gemgate tokens list\` shows the ids.`);
        if (!store.tokens.revoke(id)) throw new Error(`Token ${id} is already revoked.`);
        printLine(`revoked ${id}`);
      } finally {
        store.close();
      }
    });
}
