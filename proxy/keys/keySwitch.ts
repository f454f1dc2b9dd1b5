import type { Store } from '../store/openStore.js';
import type { KeyRecord } from '../store/keys.js';
import { InputError } from '../failures/inputError.js';

/**
 * Turning keys on and off by hand. No secret is needed for it, so it does not open the keychain.
 * A running gateway notices within a second (it watches the database).
 */
export class KeySwitch {
  private readonly keys: Store['keys'];

  constructor(store: Pick<Store, 'keys'>) {
    this.keys = store.keys;
  }

  /** Puts a key back in the pool, whether Gemini refused it or the user disabled it. */
  enable(id: string): KeyRecord {
    const key = this.require(id);
    if (key.state === 'active') throw new InputError(`Key ${id} (${key.masked}) is already active.`);
    this.keys.setState(id, 'active', null);
    return { ...key, state: 'active', stateReason: null };
  }

  /** Takes a key out of the pool; the periodic re-check of dead keys leaves it alone until enabled. */
  disable(id: string, reason = 'disabled by hand'): KeyRecord {
    const key = this.require(id);
    if (key.state === 'disabled') throw new InputError(`Key ${id} (${key.masked}) is already disabled.`);
    this.keys.setState(id, 'disabled', reason);
    return { ...key, state: 'disabled', stateReason: reason };
  }

  private require(id: string): KeyRecord {
    const key = this.keys.get(id);
    if (!key) throw new InputError(`No key with id "${id}". \`gemgate keys list\` shows the ids.`);
    return key;
  }
}
