/**
 * The emulator as a child process for the benchmarks: no artificial delay (BENCH_CHUNK_DELAY_MS
 * paces the chunks like a model writing, whole answers waiting as long), and its log of recorded
 * requests emptied every second so that tens of thousands of requests do not fill its memory.
 * Prints `listening on URL` and `key KEY`.
 */
import { startEmulator } from '../../test/emulator/index.js';

const emulator = await startEmulator({ chunkDelayMs: Number(process.env.BENCH_CHUNK_DELAY_MS ?? 0) });
setInterval(() => {
  emulator.requests.length = 0;
}, 1000).unref();
process.stdout.write(`listening on ${emulator.url}\nkey ${emulator.newKey()}\n`);
process.once('SIGTERM', () => void emulator.close().then(() => process.exit(0)));
