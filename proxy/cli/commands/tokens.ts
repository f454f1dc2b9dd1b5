import type { Command } from 'commander';
import { openStore, type Store } from '../../store/openStore.js';
import { formatTime, printJson, printLine, printTable } from '../io.js';
import { dataDirOf } from '../options.js';
import { PolicyRepository } from '../../policy/policyRepository.js';
import { describePolicy } from '../../policy/clientPolicy.js';
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
    const store = openStore(dataDirOf(command));
    try {
      // The policy is checked before the token exists, so a bad flag creates nothing.
      const policy = applyPolicyFlags(store, {}, options);
      const { record, token } = store.db.transaction(() => {
        const created = store.tokens.create(name.trim());
        new PolicyRepository(store.db).set(created.record.id, policy);
        return created;
      })();
      if (options.json) return printJson({ id: record.id, name: record.name, token, policy });
      printLine(`Created ${record.id} (${record.name}). Copy the token now; it is not shown again:`);
      printLine(token);
      if (hasPolicyFlags(options)) printLine(`Policy: ${describePolicy(policy, labelOf(store))}`);
    } finally {
      store.close();
    }
  });

  addPolicyOptions(
    tokens
      .command('policy')
      .description("show or change a token's policy (takes effect on its next request)")
      .argument('<id>', 'token id, as `tokens list` shows it')
      .option('--clear', 'remove every limit first')
      .option('--json', 'print the policy as JSON'),
  ).action((id: string, options: PolicyFlags & { clear?: boolean; json?: boolean }, command: Command) => {
    const store = openStore(dataDirOf(command));
    try {
      const token = store.tokens.get(id);
      if (!token) throw new Error(`No token with id "${id}". \`gemgate tokens list\` shows the ids.`);
      const policies = new PolicyRepository(store.db);
      let policy = policies.get(id);
      if (options.clear || hasPolicyFlags(options)) {
        policy = policies.set(id, applyPolicyFlags(store, options.clear ? {} : policy, options));
      }
      if (options.json) return printJson({ id, name: token.name, policy });
      printLine(`${id} (${token.name}): ${describePolicy(policy, labelOf(store))}`);
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
        const policies = new PolicyRepository(store.db).all();
        const list = store.tokens.list().map((token) => ({ ...token, policy: policies.get(token.id) ?? {} }));
        if (options.json) return printJson(list);
        printTable(
          list.map((token) => ({
            id: token.id,
            name: token.name,
            token: `${token.prefix}…`,
            created: formatTime(token.createdAt),
            'last used': formatTime(token.lastUsedAt),
            state: token.revokedAt ? `revoked ${formatTime(token.revokedAt)}` : 'active',
            policy: describePolicy(token.policy, labelOf(store)),
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

function labelOf(store: Store): (accountId: string) => string {
  return (accountId) => store.accounts.get(accountId)?.label ?? accountId;
}
