/**
 * Starts the emulator by hand: `npm run emulator -- [--port 8788] [--host 127.0.0.1] [--chunk-chars 24]
 * [--chunk-delay-ms 0]`. Prints its URL and a fresh API key, serves the /__emulator/ control endpoints
 * (see control.ts), and stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    host: { type: 'string', default: '127.0.0.1' },
    'chunk-chars': { type: 'string' },
    'chunk-delay-ms': { type: 'string' },
  },
});

const emulator = await startEmulator({
  host: values.host,
  port: Number(values.port),
  control: true,
  ...(values['chunk-chars'] ? { chunkChars: Number(values['chunk-chars']) } : {}),
  ...(values['chunk-delay-ms'] ? { chunkDelayMs: Number(values['chunk-delay-ms']) } : {}),
});

process.stdout.write(`gemini emulator listening on ${emulator.url}\n`);
process.stdout.write(`a valid API key for it: ${emulator.newKey()}\n`);
process.stdout.write(
  `try: curl -s "${emulator.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse" -H "x-goog-api-key: <key>" -d '{"contents":[{"parts":[{"text":"hi"}]}]}'\n`,
);

const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
