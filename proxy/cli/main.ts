import { Command, CommanderError } from 'commander';
import { registerServeCommand } from './commands/serve.js';
import { registerKeyCommands } from './commands/keys.js';
import { registerTokenCommands } from './commands/tokens.js';
import { registerConfigCommands } from './commands/config.js';
import { registerAccountCommands } from './commands/accounts.js';
import { registerLimitCommands } from './commands/limits.js';
import { registerUsageCommand } from './commands/usage.js';
import { registerPriceCommands } from './commands/prices.js';
import { registerBackupCommands } from './commands/backup.js';
import { registerProviderCommands } from './commands/providers.js';
import { redactSecrets } from '../log/redact.js';

const program = new Command()
  .name('gemgate')
  .description(
    'A local gateway for the Gemini API (and OpenAI-compatible providers): your pool of keys, complete streams, keys in the OS keychain.',
  )
  .option('--data-dir <dir>', 'data folder (env GEMGATE_DATA_DIR; default: the per-user app-data folder)')
  .showHelpAfterError()
  .exitOverride();

registerServeCommand(program);
registerKeyCommands(program);
registerTokenCommands(program);
registerConfigCommands(program);
registerAccountCommands(program);
registerLimitCommands(program);
registerUsageCommand(program);
registerPriceCommands(program);
registerBackupCommands(program);
registerProviderCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander already printed the problem (or the help/version text).
    process.exit(error.exitCode);
  }
  process.stderr.write(`gemgate: ${redactSecrets(error instanceof Error ? error.message : String(error))}\n`);
  process.exit(1);
}
