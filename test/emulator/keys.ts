import { createHash, randomBytes } from 'node:crypto';
import type { KeyState } from './types.js';
import { recordIssuedKey } from '../support/keyCanaries.js';

/**
 * API keys as Google issues them: "AIza" followed by 35 characters of [0-9A-Za-z_-]. The emulator
 * never ships a key in its sources; tests mint fresh ones at run time with generateKey().
 */
const KEY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-';
const KEY_SHAPE = /^AIza[0-9A-Za-z_-]{35}$/;

export function generateKey(): string {
  const bytes = randomBytes(35);
  let tail = '';
  for (const b of bytes) tail += KEY_ALPHABET[b % KEY_ALPHABET.length];
  const key = `AIza${tail}`;
  recordIssuedKey(key);
  return key;
}

export function isWellFormedKey(key: string): boolean {
  return KEY_SHAPE.test(key);
}

/**
 * A Cloud project number derived from the key, so that "each key is its own project" holds without
 * any setup and the same key always lands in the same project.
 */
export function defaultProjectOf(key: string): string {
  const digest = createHash('sha256').update(`emulator-project:${key}`).digest();
  return String(100_000_000_000 + (digest.readUInt32BE(0) % 900_000_000_000));
}

/** Per-key state and project, as set by a test. Unknown well-formed keys are valid and alone. */
export class KeyRegistry {
  private readonly states = new Map<string, KeyState>();
  private readonly projects = new Map<string, string>();

  stateOf(key: string): KeyState {
    if (!isWellFormedKey(key)) return 'invalid';
    return this.states.get(key) ?? 'valid';
  }

  setState(key: string, state: KeyState): void {
    this.states.set(key, state);
  }

  projectOf(key: string): string {
    return this.projects.get(key) ?? defaultProjectOf(key);
  }

  setProject(key: string, projectId: string): void {
    this.projects.set(key, projectId);
  }

  reset(): void {
    this.states.clear();
    this.projects.clear();
  }
}
