import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GenerateContentResponse } from '../../proxy/gemini/types.js';

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const main = fileURLToPath(new URL('./main.ts', import.meta.url));

describe('main.ts (npm run emulator)', () => {
  it('starts on the given port, prints its URL, serves the control endpoints and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, [tsx, main, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}: ${out}`)));
      });
      const { key } = (await (await fetch(`${url}/__emulator/keys`, { method: 'POST' })).json()) as {
        key: string;
      };
      await fetch(`${url}/__emulator/answer`, {
        method: 'POST',
        body: JSON.stringify({ prompt: 'hi', answer: { text: 'hello from main' } }),
      });
      const res = await fetch(`${url}/v1beta/models/gemini-2.5-flash:generateContent?key=${key}`, {
        method: 'POST',
        body: JSON.stringify({ contents: [{ parts: [{ text: 'hi' }] }] }),
      });
      const body = (await res.json()) as GenerateContentResponse;
      expect(body.candidates?.[0]?.content?.parts?.[0]?.text).toBe('hello from main');
      const recorded = (await (await fetch(`${url}/__emulator/requests`)).json()) as unknown[];
      expect(recorded).toHaveLength(1);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
