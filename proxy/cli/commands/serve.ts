import type { Command } from 'commander';
import { startGateway } from '../../app/startGateway.js';
import { createLogger } from '../../log/logger.js';
import { printLine } from '../io.js';
import { dataDirOf } from '../options.js';
import pino from 'pino';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('run the gateway (headless); stops cleanly on Ctrl-C or SIGTERM')
    .option(
      '--host <host>',
      'address to listen on; 0.0.0.0 opens it to your network (clients still need a token)',
      '127.0.0.1',
    )
    .option('--port <port>', 'port to listen on (default: the server.port setting, 8787)', parsePort)
    .action(async (options: { host: string; port?: number }, command: Command) => {
      // Logs go to stderr as JSON lines; stdout carries only the lines a user or script reads: where it
      // listens, the dashboard's link, and where the keys are kept.
      const logger = createLogger({ destination: pino.destination({ dest: 2, sync: false }) });
      const gateway = await startGateway(
        { dataDir: dataDirOf(command), host: options.host, port: options.port },
        { logger },
      );
      const port = new URL(gateway.url).port;
      const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
      printLine(`gemgate listening on http://${shownHost}:${port}`);
      printLine(`Dashboard (one-time sign-in link): ${gateway.loginUrl()}`);
      printLine(`Keys are kept in ${gateway.secretStore}.`);
      const stop = async (signal: string) => {
        logger.info({ signal }, 'stopping');
        await gateway.close();
        logger.flush();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a number from 0 to 65535, not "${value}".`);
  return port;
}
