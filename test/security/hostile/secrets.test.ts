import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../support/harness.js';
import { rawRequest } from '../../support/http.js';
import { chatFaults } from '../../emulator-openai/index.js';

/**
 * Keys masked by value, not by shape (issue 23, item 7). A provider whose keys look like nothing
 * gemgate knows (Groq's `gsk_…`, a bare run of hex digits) answers a hostile client's request with
 * an error that quotes the key it was called with: the client, and gemgate's log, see it masked.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    providers: {
      groq: {
        models: ['llama-3.3-70b-versatile'],
        emulator: { keyPrefix: 'gsk_', models: ['llama-3.3-70b-versatile'] },
        accounts: { groq: { keys: 1 } },
      },
      bare: {
        models: ['bare-model'],
        emulator: { keyPrefix: '', models: ['bare-model'] },
        accounts: { bare: { keys: 1 } },
      },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

describe('a provider error that quotes the key', () => {
  it.each([
    ['groq', 'groq/llama-3.3-70b-versatile', false],
    ['groq', 'groq/llama-3.3-70b-versatile', true],
    ['bare', 'bare/bare-model', false],
  ] as const)(
    '%s (%s, stream %s): neither the client nor the log sees the key',
    async (provider, model, stream) => {
      const { key } = h.providers[provider]!.keys[provider]![0]!;
      expect(key.length).toBeGreaterThan(16);
      h.providers[provider]!.emulator.injectFault(chatFaults.quoting(400, 'invalid_request_error'));
      const answer = await rawRequest(`${h.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: 'hi' }] }),
      });
      expect(answer.status).toBe(400);
      // The provider's message reached the client, with the key masked in it.
      expect(answer.body).toMatch(/Request failed for key/);
      expect(answer.body).toContain(`${key.slice(0, 4)}…${key.slice(-4)}`);
      expect(answer.body).not.toContain(key);
      expect(JSON.stringify(answer.headers)).not.toContain(key);
      expect(h.logs()).not.toContain(key);
    },
  );
});
