import { describe, expect, it } from 'vitest';
import { UploadSessions } from './uploadSessions.js';

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
});
