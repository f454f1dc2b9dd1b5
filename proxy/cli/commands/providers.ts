import type { Command } from 'commander';
import { PROVIDER_PRESETS } from '../../config/providerPresets.js';
import { printJson, printLine, printTable } from '../io.js';
import { withServices } from '../session.js';

export function registerProviderCommands(program: Command): void {
  const providers = program
    .command('providers')
    .description(
      'other upstreams beside Gemini (built in): OpenAI-compatible services such as Qwen, DeepSeek',
    );

  providers
    .command('add')
    .description(
      'add an OpenAI-compatible provider (checked for reachability first; nothing is added if not)',
    )
    .argument('<name>', 'its name: clients may call its models as NAME/model (e.g. qwen)')
    .requiredOption(
      '--base-url <url>',
      `its API root (https://…/v1), or a preset: ${PROVIDER_PRESETS.map((preset) => preset.name).join(', ')}`,
    )
    .option(
      '--kind <kind>',
      'openai-compatible (the only kind besides the built-in gemini)',
      'openai-compatible',
    )
    .option(
      '--models <ids>',
      'its model ids, comma-separated; without it the list comes from GET {base}/models when its first key is added',
    )
    .option(
      '--continuation <style>',
      "how cut streams are continued: partial, prefix or prompt (default: the preset's, else prompt)",
    )
    .option('--json', 'print the provider as JSON')
    .action(
      async (
        name: string,
        options: { baseUrl: string; kind: string; models?: string; continuation?: string; json?: boolean },
        command: Command,
      ) =>
        withServices(command, async ({ providers }) => {
          const provider = await providers.add({
            name,
            kind: options.kind,
            baseUrl: options.baseUrl,
            models: options.models?.split(','),
            continuation: options.continuation,
          });
          if (options.json) return printJson(provider);
          printLine(
            `added provider ${provider.name} (${provider.baseUrl}, continuation: ${provider.continuation})`,
          );
          printLine(
            provider.modelsSource === 'pending'
              ? `Its models are listed when its first key is added: gemgate keys add --provider ${provider.name} --account NAME`
              : `models: ${provider.models.join(', ')}`,
          );
        }),
    );

  providers
    .command('list')
    .description('list providers with their base URL, models and keys')
    .option('--json', 'print a JSON array, one object per provider (gemini first)')
    .action((options: { json?: boolean }, command: Command) =>
      withServices(command, ({ store, providers }) => {
        const others = providers.list();
        const geminiKeys = store.keys.list().filter((key) => key.provider === 'gemini');
        const gemini = {
          name: 'gemini',
          kind: 'gemini' as const,
          baseUrl: store.settings.get('upstream.baseUrl'),
          keys: geminiKeys.length,
          activeKeys: geminiKeys.filter((key) => key.state === 'active').length,
        };
        if (options.json) {
          return printJson([
            gemini,
            ...others.map((provider) => ({
              ...provider,
              createdAt: new Date(provider.createdAt).toISOString(),
            })),
          ]);
        }
        printTable(
          [
            {
              name: gemini.name,
              kind: 'gemini (built in)',
              'base url': gemini.baseUrl,
              models: "(Gemini's catalogue)",
              keys: `${gemini.activeKeys}/${gemini.keys} active`,
              continuation: '-',
            },
            ...others.map((provider) => ({
              name: provider.name,
              kind: provider.kind,
              'base url': provider.baseUrl,
              models:
                provider.modelsSource === 'pending'
                  ? '(listed with the first key)'
                  : provider.models.join(','),
              keys: `${provider.activeKeys}/${provider.keys} active`,
              continuation: provider.continuation,
            })),
          ],
          '',
        );
      }),
    );

  providers
    .command('remove')
    .description('remove a provider with its keys (from the secret store too); its accounts stay')
    .argument('<name>', 'provider name, as `providers list` shows it')
    .action((name: string, _options: unknown, command: Command) =>
      withServices(command, async ({ providers }) => {
        const { provider, keys } = await providers.remove(name);
        printLine(`removed provider ${provider.name} and its ${keys} key${keys === 1 ? '' : 's'}`);
      }),
    );
}
