import pino, { type Logger } from 'pino';
import { redactSecrets } from './redact.js';

export type { Logger };

/**
 * Structured JSON logs on stdout (one line each), with secrets removed twice: known secret-bearing
 * fields by path, and anything shaped like a key or token anywhere in the line.
 */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? process.env.GEMGATE_LOG_LEVEL ?? 'info',
      base: undefined,
      redact: {
        paths: [
          'apiKey',
          'key',
          'token',
          '*.apiKey',
          '*.token',
          'headers.authorization',
          'headers["x-goog-api-key"]',
          'headers["x-api-key"]',
        ],
        censor: '[redacted]',
      },
      hooks: {
        streamWrite: (line) => redactSecrets(line),
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
