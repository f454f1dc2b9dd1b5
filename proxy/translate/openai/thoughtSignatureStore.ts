/**
 * Gemini attaches an opaque `thoughtSignature` to function calls and, for Gemini 3, rejects a
 * replayed tool-call turn without it (https://ai.google.dev/gemini-api/docs/thought-signatures).
 * OpenAI clients have nowhere to keep it: Roo Code, Cline and the openai SDK echo `id`, `type` and
 * `function` of a tool call, nothing else. So gemgate remembers each signature by the tool call id
 * it hands out, and finds it again when the conversation comes back.
 */
export interface ThoughtSignatureStore {
  remember(toolCallId: string, signature: string): void;
  recall(toolCallId: string): string | undefined;
}

/**
 * Google's documented stand-in for a signature gemgate does not have (history written by another
 * model or client, or evicted from the store). Gemini 3 then skips validation for that call.
 */
export { SKIP_THOUGHT_SIGNATURE_VALIDATOR } from '../../gemini/thoughtSignatures.js';

export interface LruLimits {
  /** Most tool calls remembered. */
  maxEntries?: number;
  /** Most signature characters remembered; signatures grow with the thinking behind them. */
  maxChars?: number;
}

/**
 * An in-memory LRU: a conversation that is still going keeps touching its recent tool calls, so
 * recency is the right thing to keep. Lost on restart, which only costs the placeholder path.
 */
export class LruThoughtSignatureStore implements ThoughtSignatureStore {
  private readonly entries = new Map<string, string>();
  private chars = 0;
  private readonly maxEntries: number;
  private readonly maxChars: number;

  constructor(limits: LruLimits = {}) {
    this.maxEntries = limits.maxEntries ?? 5_000;
    this.maxChars = limits.maxChars ?? 16 * 1024 * 1024;
  }

  remember(toolCallId: string, signature: string): void {
    this.forget(toolCallId);
    this.entries.set(toolCallId, signature);
    this.chars += signature.length;
    this.evict();
  }

  recall(toolCallId: string): string | undefined {
    const signature = this.entries.get(toolCallId);
    if (signature === undefined) return undefined;
    // Re-insert to mark as most recently used (a Map iterates in insertion order).
    this.entries.delete(toolCallId);
    this.entries.set(toolCallId, signature);
    return signature;
  }

  get size(): number {
    return this.entries.size;
  }

  private forget(toolCallId: string): void {
    const old = this.entries.get(toolCallId);
    if (old === undefined) return;
    this.entries.delete(toolCallId);
    this.chars -= old.length;
  }

  private evict(): void {
    for (const [id, signature] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) return;
      this.entries.delete(id);
      this.chars -= signature.length;
    }
  }
}
