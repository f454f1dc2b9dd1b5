import { describe, expect, it } from 'vitest';
import { explainKeyState, keyView } from './views.js';
import type { KeyRecord } from '../../store/keys.js';
import type { Account } from '../../store/accounts.js';

const key: KeyRecord = {
  id: 'key_a',
  accountId: 'acc_a',
  projectId: 'prj_a',
  masked: 'AIza…abcd',
  fingerprint: 'f'.repeat(64),
  state: 'active',
  stateReason: null,
  stateSince: null,
  lastCheckedAt: 1,
  createdAt: 0,
  provider: 'gemini',
};
const account: Account = { id: 'acc_a', label: 'me', tier: 'primary', state: 'active', createdAt: 0 };

describe('key views', () => {
  it('say in plain words why a key serves or not', () => {
    expect(explainKeyState(key, account, null)).toBe('Serving requests.');
    expect(explainKeyState({ ...key, lastCheckedAt: null }, account, null)).toMatch(/not checked/);
    expect(explainKeyState(key, { ...account, state: 'disabled' }, null)).toMatch(/account is disabled/);
    expect(explainKeyState(key, account, 2000, null, 1000)).toMatch(/Rate-limited by Gemini/);
    // A key that answered well needs no check to be known working; times are the dashboard's to show.
    expect(explainKeyState({ ...key, lastCheckedAt: null }, account, null, 500)).toBe('Serving requests.');
    expect(explainKeyState(key, account, 2000, null, 1000)).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(explainKeyState({ ...key, state: 'dead', stateReason: 'API_KEY_INVALID' }, account, null)).toMatch(
      /Gemini refused this key \(API_KEY_INVALID\)/,
    );
    expect(explainKeyState({ ...key, state: 'disabled' }, account, null)).toBe('You disabled this key.');
  });

  it('copy fields by name, so nothing added to a record later slips into an answer', () => {
    const record = { ...key, secret: 'would-be-secret' } as KeyRecord;
    expect(JSON.stringify(keyView(record, account, null))).not.toContain('would-be-secret');
    expect(Object.keys(keyView(key, account, null))).not.toContain('fingerprint');
  });
});
