import type { Command } from 'commander';
import { formatTime, printJson, printLine, printTable } from '../io.js';
import { withServices } from '../session.js';
import { addPolicyOptions, applyPolicyFlags, hasPolicyFlags, type PolicyFlags } from '../policyOptions.js';

export function registerTokenCommands(program: Command): void {
  const tokens = program
    .command('tokens')
    .description('client access tokens: what apps use as their API key for gemgate');

  addPolicyOptions(
    tokens
      .command('create')
      .description('create a token, with a policy if given; it is printed once and never again')
      .argument('<name>', 'who uses it, e.g. cherry-studio or phone-chatbox')
      .option('--json', 'print {"id", "name", "token", "policy"}'),
  ).action((name: string, options: PolicyFlags & { json?: boolean }, command: Command) => {
    if (!name.trim()) throw new Error('A token needs a name.');
    return withServices(command, ({ store, policies }) => {
      // The policy is checked before the token exists, so a bad flag creates nothing.
      const policy = applyPolicyFlags(store, {}, options);
      const { record, token } = store.db.transaction(() => {
        const created = store.tokens.create(name.trim());
        policies.set(created.record.id, policy);
        return created;
      })();
      if (options.json) return printJson({ id: record.id, name: record.name, token, policy });
      printLine(`Created ${record.id} (${record.name}). Copy the token now; it is not shown again:`);
      printLine(token);
      if (hasPolicyFlags(options)) printLine(`Policy: ${policies.describe(policy)}`);
    });
  });

  addPolicyOptions(
    tokens
      .command('policy')
      .description("show or change a token's policy (takes effect on its next request)")
      .argument('<id>', 'token id, as `tokens list` shows it')
      .option('--clear', 'remove every limit first')
      .option('--json', 'print the policy as JSON'),
  ).action((id: string, options: PolicyFlags & { clear?: boolean; json?: boolean }, command: Command) => {
    return withServices(command, ({ store, policies }) => {
      const token = store.tokens.get(id);
      if (!token) throw new Error(`No token with id "${id}". \`gemgate tokens list\` shows the ids.`);
      let policy = policies.get(id);
      if (options.clear || hasPolicyFlags(options)) {
        policy = policies.set(id, applyPolicyFlags(store, options.clear ? {} : policy, options));
      }
      if (options.json) return printJson({ id, name: token.name, policy });
      printLine(`${id} (${token.name}): ${policies.describe(policy)}`);
    });
  });

  tokens
    .command('list')
    .description('list tokens (never their values)')
    .option('--json', 'print a JSON array')
    .action((options: { json?: boolean }, command: Command) =>
      withServices(command, ({ store, policies }) => {
        const all = policies.all();
        const list = store.tokens.list().map((token) => ({ ...token, policy: all.get(token.id) ?? {} }));
        if (options.json) return printJson(list);
        printTable(
          list.map((token) => ({
            id: token.id,
            name: token.name,
            token: `${token.prefix}…`,
            created: formatTime(token.createdAt),
            'last used': formatTime(token.lastUsedAt),
            state: token.revokedAt ? `revoked ${formatTime(token.revokedAt)}` : 'active',
            policy: policies.describe(token.policy),
          })),
          'No tokens yet. Create one with: gemgate tokens create NAME',
        );
      }),
    );

  tokens
    .command('revoke')
    .description('revoke a token; apps using it get 401 from then on')
    .argument('<id>', 'token id, as `tokens list` shows it')
    .action((id: string, _options: unknown, command: Command) =>
      withServices(command, ({ store }) => {
        if (!store.tokens.get(id))
          throw new Error(`No token with id "${id}". \`gemgate tokens list\` shows the ids.`);
        if (!store.tokens.revoke(id)) throw new Error(`Token ${id} is already revoked.`);
        printLine(`revoked ${id}`);
      }),
    );
}
