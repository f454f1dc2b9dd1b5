import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKey } from '../emulator/keys.js';
import { tempDataDir } from './dataDir.js';
import { maskForReport } from './keyCanaries.js';
import { startOpenAIEmulator } from '../emulator-openai/index.js';

describe('the run-wide search for keys in clear', () => {
  it('fails the test whose data folder holds a key minted in this run, without printing the key', () => {
    const key = generateKey();
    const data = tempDataDir('canary');
    fs.mkdirSync(path.join(data.dir, 'logs'));
    fs.writeFileSync(path.join(data.dir, 'logs', 'gateway.log'), `{"msg":"calling with ${key}"}\n`);
    let thrown: Error | undefined;
    try {
      data.cleanup();
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.message).toContain(`logs/gateway.log: ${maskForReport(key)}`);
    expect(thrown?.message).not.toContain(key);
    expect(fs.existsSync(data.dir)).toBe(false);
  });

  it("finds another provider's key (sk-…) minted in this run just the same", async () => {
    const emulator = await startOpenAIEmulator();
    try {
      const key = emulator.newKey();
      const data = tempDataDir('canary');
      fs.writeFileSync(path.join(data.dir, 'gemgate.db'), `…${key}…`);
      expect(() => data.cleanup()).toThrow(`gemgate.db: ${maskForReport(key)}`);
    } finally {
      await emulator.close();
    }
  });

  it('passes a folder that holds only other text', () => {
    generateKey();
    const data = tempDataDir('canary');
    fs.writeFileSync(path.join(data.dir, 'gemgate.db'), 'AIza…masked');
    expect(() => data.cleanup()).not.toThrow();
  });
});
