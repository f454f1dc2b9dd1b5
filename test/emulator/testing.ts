import { GoogleGenAI } from '@google/genai';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Content, GenerateContentRequest, GoogleErrorBody } from '../../proxy/gemini/types.js';
import { startEmulator } from './index.js';
import type { Emulator } from './types.js';

/** Small helpers shared by the emulator's own tests (and handy for gemgate's). */

/**
 * What an emulator test file begins with: one emulator for the file, reset before each test, and a
 * fresh key (its own project) for each test. The hooks set `emu` and `key`: read them inside tests.
 */
export function emulatorPerFile(): { emu: Emulator; key: string } {
  const shared = {} as { emu: Emulator; key: string };
  beforeAll(async () => {
    shared.emu = await startEmulator();
  });
  afterAll(() => shared.emu.close());
  beforeEach(() => {
    shared.emu.reset();
    shared.key = shared.emu.newKey();
  });
  return shared;
}

export function user(text: string): Content {
  return { role: 'user', parts: [{ text }] };
}

export function model(text: string): Content {
  return { role: 'model', parts: [{ text }] };
}

export function ask(text: string, extra: Partial<GenerateContentRequest> = {}): GenerateContentRequest {
  return { contents: [user(text)], ...extra };
}

export interface CallOptions {
  model?: string;
  action?: string;
  version?: 'v1' | 'v1beta';
  key?: string;
  /** Send the key as ?key= instead of x-goog-api-key. */
  keyInQuery?: boolean;
  query?: Record<string, string>;
  method?: string;
}

/** One raw HTTP call to the emulator. `body` may be a string (sent as is) or a value (sent as JSON). */
export function call(emu: Emulator, body: unknown, opts: CallOptions = {}): Promise<Response> {
  const { model: m = 'gemini-2.5-flash', action = 'generateContent', version = 'v1beta' } = opts;
  const url = new URL(`${emu.url}/${version}/models/${m}:${action}`);
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.key !== undefined) {
    if (opts.keyInQuery) url.searchParams.set('key', opts.key);
    else headers['x-goog-api-key'] = opts.key;
  }
  return fetch(url, {
    method: opts.method ?? 'POST',
    headers,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function sse(emu: Emulator, body: unknown, opts: CallOptions = {}): Promise<Response> {
  return call(emu, body, { ...opts, action: 'streamGenerateContent', query: { alt: 'sse', ...opts.query } });
}

export async function errorOf(res: Response): Promise<GoogleErrorBody['error']> {
  const body = (await res.json()) as GoogleErrorBody | GoogleErrorBody[];
  return (Array.isArray(body) ? body[0] : body)?.error as GoogleErrorBody['error'];
}

/** The real @google/genai SDK pointed at the emulator. */
export function sdk(emu: Emulator, apiKey: string): GoogleGenAI {
  return new GoogleGenAI({ apiKey, httpOptions: { baseUrl: emu.url } });
}
