import { afterEach, describe, expect, it } from 'vitest';
import { UploadSessions } from './uploadSessions.js';
import { openStore } from '../store/openStore.js';
import { UploadSessionRepository } from '../store/uploadSessions.js';
import { tempDataDir } from '../../test/support/dataDir.js';

const MINUTE = 60_000;

function setup(limits = { idleMs: 10 * MINUTE, maxAgeMs: 60 * MINUTE, maxSessions: 3 }) {
  const clock = { now: Date.UTC(2026, 4, 1) };
  const sessions = new UploadSessions(limits, () => clock.now);
  const open = (clientId = 'tok_alice') =>
    sessions.open({
      clientId,
      projectId: 'prj_1',
      keyId: 'key_1',
      apiKey: 'secret',
      upstreamUrl: 'https://upload.example/upload?upload_id=upstream',
      apiVersion: 'v1beta',
    });
  return { sessions, clock, open };
}

describe('upload sessions', () => {
  it('gives each upload an opaque id that says nothing of Gemini’s session or the key', () => {
    const { open } = setup();
    const a = open();
    const b = open();
    expect(a.id).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(a.id).not.toBe(b.id);
    expect(a.id).not.toContain('upstream');
  });

  it('answers only the client that started it', () => {
    const { sessions, open } = setup();
    const session = open('tok_alice');
    expect(sessions.take(session.id, 'tok_bob')).toBeUndefined();
    expect(sessions.take(session.id, 'tok_alice')?.projectId).toBe('prj_1');
    expect(sessions.take('no-such-id', 'tok_alice')).toBeUndefined();
  });

  it('expires when idle, and past its age however busy, and is gone once ended', () => {
    const { sessions, clock, open } = setup();
    const idle = open();
    clock.now += 10 * MINUTE;
    expect(sessions.take(idle.id, 'tok_alice')).toBeUndefined();

    const busy = open();
    for (let i = 0; i < 6; i++) {
      clock.now += 9 * MINUTE;
      expect(sessions.take(busy.id, 'tok_alice'), `after ${(i + 1) * 9} minutes`).toBeDefined();
    }
    clock.now += 9 * MINUTE;
    expect(sessions.take(busy.id, 'tok_alice')).toBeUndefined();

    const done = open();
    sessions.end(done.id);
    expect(sessions.take(done.id, 'tok_alice')).toBeUndefined();
  });

  it('keeps a bounded number, dropping the longest idle first', () => {
    const { sessions, clock, open } = setup();
    const first = open();
    clock.now += 1000;
    const second = open();
    clock.now += 1000;
    const third = open();
    clock.now += 1000;
    expect(sessions.take(first.id, 'tok_alice')).toBeDefined();
    const fourth = open();
    expect(sessions.size).toBe(3);
    expect(sessions.take(second.id, 'tok_alice')).toBeUndefined();
    for (const kept of [first, third, fourth]) expect(sessions.take(kept.id, 'tok_alice')).toBeDefined();
  });

  describe('kept in the database', () => {
    const cleanups: Array<() => void> = [];
    afterEach(() => cleanups.splice(0).forEach((cleanup) => cleanup()));

    /** A gateway's sessions on the data folder `dir`, with the pool's keys `keys`. */
    function gateway(dir: string, keys: Map<string, string>, clock: { now: number }) {
      const store = openStore(dir);
      cleanups.push(() => store.close());
      const sessions = new UploadSessions(
        { idleMs: 10 * MINUTE, maxAgeMs: 60 * MINUTE, maxSessions: 3 },
        () => clock.now,
        { book: new UploadSessionRepository(store.db), apiKeyOf: (keyId) => keys.get(keyId) },
      );
      return { store, sessions };
    }

    it('an upload id outlives a restart, for its client only, and dies with its key', () => {
      const data = tempDataDir('upload-sessions');
      cleanups.push(data.cleanup);
      const clock = { now: Date.UTC(2026, 4, 1) };
      const keys = new Map([['key_1', 'the key itself']]);
      const first = gateway(data.dir, keys, clock);
      const account = first.store.accounts.create('alice', 'primary');
      const projectId = first.store.projects.create(account.id, 'p', null).id;
      const open = () =>
        first.sessions.open({
          clientId: 'tok_alice',
          projectId,
          keyId: 'key_1',
          apiKey: 'the key itself',
          upstreamUrl: 'https://upload.example/upload?upload_id=upstream',
          apiVersion: 'v1beta',
        });
      const kept = open();
      const ended = open();
      first.sessions.end(ended.id);
      const keyless = open();
      // Neither the id a client holds nor the key is in the database.
      const stored = JSON.stringify(first.store.db.prepare('SELECT * FROM upload_sessions').all());
      for (const secret of [kept.id, keyless.id, 'the key itself']) expect(stored).not.toContain(secret);
      first.store.close();

      clock.now += 5 * MINUTE;
      const again = gateway(data.dir, keys, clock);
      expect(again.sessions.take(kept.id, 'tok_bob')).toBeUndefined();
      expect(again.sessions.take(kept.id, 'tok_alice')).toMatchObject({
        id: kept.id,
        projectId,
        apiKey: 'the key itself',
        upstreamUrl: 'https://upload.example/upload?upload_id=upstream',
      });
      expect(again.sessions.take(ended.id, 'tok_alice')).toBeUndefined();
      keys.delete('key_1');
      expect(again.sessions.take(keyless.id, 'tok_alice')).toBeUndefined();
      // Idle too long, across a restart as within one run.
      clock.now += 10 * MINUTE;
      expect(
        gateway(data.dir, new Map([['key_1', 'k']]), clock).sessions.take(kept.id, 'tok_alice'),
      ).toBeUndefined();
    });
  });
});
