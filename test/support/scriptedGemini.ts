import { Readable } from 'node:stream';
import type { GenerateContentResponse } from '../../proxy/gemini/types.js';
import type { UpstreamDispatcher } from '../../proxy/dispatch/upstreamDispatcher.js';

/**
 * Gemini played by a script, for tests that drive the resume engine directly: each attempt's chunks
 * written as a server might write them, split into network reads at given places, and ended as
 * given (cleanly, cut, broken, with an error object).
 */

export type Style = 'compact' | 'spaced' | 'escaped';
/** The JSON text of a chunk as a server might write it; all three read back the same. */
function write(value: unknown, style: Style): string {
  if (style === 'compact') return JSON.stringify(value);
  if (style === 'spaced')
    return JSON.stringify(value, null, 1).replace(/\n */g, (m) => (m.length > 1 ? ' ' : ''));
  return JSON.stringify(value).replace(/[^\x20-\x7e]|\//g, (c) =>
    c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export type Ending = 'end' | 'trimmed' | 'frame-cut' | 'error-object' | 'garbled' | 'broken';
export interface ScriptedAttempt {
  chunks: GenerateContentResponse[];
  style: Style;
  ending: Ending;
  /** Where the bytes are split into network reads (fractions of the length). */
  splits: number[];
}

/** The bytes of one attempt's stream, and whether the connection breaks after them. */
export function bytesOf(script: ScriptedAttempt): { pieces: Buffer[]; broken: boolean } {
  let sse = script.chunks.map((c) => `data: ${write(c, script.style)}\r\n\r\n`).join('');
  if (script.ending === 'trimmed') sse = sse.trimEnd();
  if (script.ending === 'frame-cut')
    sse += `data: ${write(script.chunks[0] ?? { candidates: [] }, script.style)}`.slice(0, 30);
  if (script.ending === 'error-object')
    sse += `data: {"error": {"code": 503, "message": "overloaded", "status": "UNAVAILABLE"}}\r\n\r\n`;
  if (script.ending === 'garbled') sse += `data: {"candidates": [}\r\n\r\n`;
  const bytes = Buffer.from(sse);
  const cuts = [...new Set(script.splits.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut > from) pieces.push(bytes.subarray(from, cut));
    from = Math.max(from, cut);
  }
  return { pieces, broken: script.ending === 'broken' };
}

/** A body that delivers each piece in a network read of its own. */
export function bodyOf(script: ScriptedAttempt): Readable {
  const { pieces, broken } = bytesOf(script);
  const body = new Readable({ read() {} });
  const next = (i: number) => {
    if (i < pieces.length) {
      body.push(pieces[i]);
      setImmediate(() => next(i + 1));
    } else if (broken) body.destroy(new Error('other side closed'));
    else body.push(null);
  };
  setImmediate(() => next(0));
  return body;
}

/** Gemini played by a script: attempt after attempt, then a short finished answer. */
export function scriptedDispatcher(script: ScriptedAttempt[]): UpstreamDispatcher {
  let opened = 0;
  const last: ScriptedAttempt = {
    chunks: [{ candidates: [{ content: { parts: [{ text: 'end.' }] }, finishReason: 'STOP' }] }],
    style: 'compact',
    ending: 'end',
    splits: [],
  };
  const dispatcher = {
    open: async () => {
      const next = script[opened] ?? last;
      opened++;
      return {
        lease: { keyId: `key-${opened}`, projectId: 'project' },
        response: { status: 200, headers: {}, body: bodyOf(next) },
        attempts: [],
        upstreamMs: 0,
      };
    },
    recordTokens: () => undefined,
  };
  return dispatcher as unknown as UpstreamDispatcher;
}
