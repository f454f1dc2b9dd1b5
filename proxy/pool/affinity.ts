import crypto from 'node:crypto';
import type { Content, GenerateContentRequest, Part } from '../gemini/types.js';
import type { Affinity } from './keyPool.js';

/** Text hashed per part: enough to tell conversations apart, bounded so a pasted book costs no more. */
const HEAD_CHARS = 2048;
const TAIL_CHARS = 256;

/**
 * The conversation a generate request belongs to: a hash of its system instruction and first user
 * turn, which every later turn of the conversation repeats. `follow` is set once the conversation
 * has a model turn, i.e. once something project-bound (a thought signature) may be in it.
 */
export function affinityOf(body: unknown): Affinity | undefined {
  const request = body as Partial<GenerateContentRequest> | undefined;
  const contents = Array.isArray(request?.contents) ? request.contents : undefined;
  if (!contents || contents.length === 0) return undefined;
  const first = contents.find((content) => content?.role !== 'model');
  if (!first) return undefined;
  const hash = crypto.createHash('sha1');
  hashContent(hash, request?.systemInstruction);
  hash.update('\u0000');
  hashContent(hash, first);
  const follow = contents.some((content) => content?.role === 'model');
  return { key: hash.digest('base64url'), follow };
}

function hashContent(hash: crypto.Hash, content: Content | undefined): void {
  if (!content || !Array.isArray(content.parts)) return;
  for (const part of content.parts as Array<Part | undefined>) {
    if (!part) continue;
    if (typeof part.text === 'string') hash.update(`t${bounded(part.text)}\u0001`);
    const data = part.inlineData?.data;
    if (typeof data === 'string') hash.update(`i${part.inlineData?.mimeType}:${bounded(data)}\u0001`);
    if (typeof part.fileData?.fileUri === 'string') hash.update(`f${part.fileData.fileUri}\u0001`);
  }
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
