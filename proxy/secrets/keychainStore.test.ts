import { describe, expect, it } from 'vitest';
import { KeychainStore } from './keychainStore.js';
import { randomApiKey } from '../../test/support/keys.js';
import { keychainAvailable, keychainSkipReason } from '../../test/support/keychain.js';

describe.skipIf(!keychainAvailable)(
  `KeychainStore on the real OS keychain${keychainAvailable ? '' : ` (skipped: ${keychainSkipReason})`}`,
  () => {
    it('stores, reads and deletes through the Secret Service', async () => {
      const store = await KeychainStore.open();
      const id = `key_test${Date.now()}`;
      const secret = randomApiKey();
      await store.set(id, secret);
      expect(await store.get(id)).toBe(secret);
      expect(await store.delete(id)).toBe(true);
      expect(await store.get(id)).toBeNull();
      expect(await store.delete(id)).toBe(false);
    });
  },
);
