import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'proxy/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'test/**/*.test.ts',
    ],
    globalSetup: ['test/support/globalSetup.ts'],
    // Native modules (better-sqlite3, keytar) are happiest in child processes, not worker threads.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
