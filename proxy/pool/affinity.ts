import crypto from 'node:crypto';
import type { Affinity } from './keyPool.js';

/** Text hashed per part: enough to tell conversations apart, bounded so a pasted book costs no more. */
const HEAD_CHARS = 2048;
const TAIL_CHARS = 256;

/**
 * The conversation a generate request belongs to: a hash of its system instruction and first user
 * turn, which every later turn of the conversation repeats. `follow` is set once the conversation
 * has a model turn, i.e. once something project-bound (a thought signature) may be in it.
 *
 * The body is the client's, not yet validated: anything not shaped like a GenerateContentRequest
 * is skipped rather than trusted.
 */
export function affinityOf(body: unknown): Affinity | undefined {
  const contents: unknown = isRecord(body) ? body.contents : undefined;
  if (!Array.isArray(contents) || contents.length === 0) return undefined;
  const turns: readonly unknown[] = contents;
  const first = turns.find((content) => roleOf(content) !== 'model');
  if (!first) return undefined;
  // One string hashed in one call: a Hash object fed piece by piece cost three times as much.
  const text = `${contentText(isRecord(body) ? body.systemInstruction : undefined)}\u0000${contentText(first)}`;
  const follow = turns.some((content) => roleOf(content) === 'model');
  return { key: crypto.hash('sha1', text, 'base64url'), follow };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function roleOf(content: unknown): unknown {
  return isRecord(content) ? content.role : undefined;
}

/** What a Content's parts say, as hashed: text, inline data and file references. */
function contentText(content: unknown): string {
  if (!isRecord(content) || !Array.isArray(content.parts)) return '';
  const parts: readonly unknown[] = content.parts;
  let text = '';
  for (const part of parts) {
    if (!isRecord(part)) continue;
    if (typeof part.text === 'string') text += `t${bounded(part.text)}\u0001`;
    const inline = part.inlineData;
    if (isRecord(inline) && typeof inline.data === 'string') {
      text += `i${String(inline.mimeType)}:${bounded(inline.data)}\u0001`;
    }
    const file = part.fileData;
    if (isRecord(file) && typeof file.fileUri === 'string') text += `f${file.fileUri}\u0001`;
  }
  return text;
}

function bounded(text: string): string {
  if (text.length <= HEAD_CHARS + TAIL_CHARS) return text;
  return `${text.slice(0, HEAD_CHARS)}…${text.length}…${text.slice(-TAIL_CHARS)}`;
}

/**
 * Conversation -> project, most recently used last; the oldest entries go first when full. A Map
 * keeps insertion order, so re-inserting on use makes it an LRU at O(1) per call.
 */
export class StickyTable {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity = 20_000) {}

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, projectId: string): void {
    if (!this.entries.delete(key) && this.entries.size >= this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, projectId);
  }

  get size(): number {
    return this.entries.size;
  }
}
