import type { Part } from '../../gemini/types.js';
import type { ThoughtSignatureStore } from '../openai/thoughtSignatureStore.js';
import { randomHex } from '../../util/ids.js';
import type { GroundingMetadata } from '../responses/groundingSpans.js';
import type { FunctionNames } from './functionNames.js';
import { groundingToSearchBlocks } from './groundingToSearchBlocks.js';
import { toThinkingSignature } from './thinkingSignature.js';
import type { BlockEvent, ContentBlockOut } from './types.js';

export interface BlockWriterOptions {
  /** The client's tool names behind Gemini's. */
  names: FunctionNames;
  /** False when the client said `disable_parallel_tool_use`: only the first call is passed on. */
  parallelToolCalls: boolean;
  /** Remembers each call's thought signature by its tool_use id, for clients that drop thinking blocks. */
  signatures?: ThoughtSignatureStore;
  /** Id for calls Gemini sent without one; injectable so fixtures are deterministic. */
  newToolUseId?: () => string;
  /** Id for the web searches of a grounded answer (`srvtoolu_…`); injectable as newToolUseId is. */
  newServerToolUseId?: () => string;
}

type OpenKind = ContentBlockOut['type'];

/**
 * Gemini parts, in the order they come, -> Anthropic content blocks, as the events that build them
 * (`content_block_start`, `content_block_delta`…, `content_block_stop`). The stream sends the events;
 * the whole answer folds them (fromGeminiToMessage.ts), so the two cannot differ.
 *
 * | Gemini part                              | Anthropic                                                    |
 * | ---------------------------------------- | ------------------------------------------------------------ |
 * | a thought (`thought: true`)              | a `thinking` block (opened unless one is open): `thinking_delta` |
 * | its thoughtSignature                     | `signature_delta` on that block                              |
 * | text (empty: nothing)                    | a `text` block (opened unless one is open): `text_delta`     |
 * | a call with a thoughtSignature, a thinking block open | `signature_delta` on it, which then closes      |
 * | a call with a thoughtSignature, no thinking block open | a `thinking` block of no text holding the signature, before the call |
 * | a `functionCall`                         | a `tool_use` block: start with `input: {}`, one `input_json_delta` with the whole arguments, stop |
 * | a text part's thoughtSignature           | nothing                                                      |
 * | images, code execution, anything else    | nothing: Anthropic's assistant turn has no place for them    |
 * | the candidate's `groundingMetadata` (`grounding`, after the parts) | `citations_delta` on the open text block, then the search blocks (groundingToSearchBlocks.ts): a `server_tool_use` started with `input: {}` and given one `input_json_delta`, a `web_search_tool_result` whole in its start |
 *
 * Signatures travel in the thinking block's `signature` (thinkingSignature.ts): on the way back, the
 * signature of a thinking block goes on the part that follows it, which is where it came from. A text
 * part's signature (Gemini signs a text answer's last part, streamed as an empty part after the
 * text, folded onto the text of a whole answer) is left out: Gemini validates only the signatures of
 * calls, and where a streamed answer has it, after the text, a whole one has it before, so keeping
 * it would make the two differ. Gemini
 * sends each call whole, so a tool_use is never split, not even across a resumed stream's seam; its
 * id is Gemini's when it gives one, else `toolu_` and 24 random hex digits.
 */
export class ContentBlockWriter {
  private open: { kind: OpenKind; index: number } | undefined;
  private next = 0;
  /** Tool calls passed on. */
  toolCalls = 0;

  constructor(private readonly options: BlockWriterOptions) {}

  /** Appends to `out` the events one Gemini part amounts to. */
  part(part: Part, out: BlockEvent[]): void {
    if (part.thought) return this.thought(part, out);
    if (part.functionCall) return this.call(part, part.functionCall, out);
    if (typeof part.text === 'string') return this.text(part.text, out);
  }

  /** Opens a text block unless one is open, and returns its index: for text relayed as written. */
  textIndex(out: BlockEvent[]): number {
    if (this.open?.kind !== 'text') this.start({ type: 'text', text: '' }, out);
    return this.open!.index;
  }

  /**
   * What Gemini's grounding adds, after the answer's parts; returns the number of searches (0: Gemini
   * did not search). Citations go on the text block only while it is open: a stream's text is out
   * before the grounding arrives with the last frame, and a block once stopped takes no more deltas.
   */
  grounding(grounding: GroundingMetadata | undefined, answer: string, out: BlockEvent[]): number {
    const found = groundingToSearchBlocks(grounding, answer, this.options.newServerToolUseId);
    if (!found) return 0;
    if (this.open?.kind === 'text') {
      const index = this.open.index;
      for (const citation of found.citations)
        out.push({ type: 'content_block_delta', index, delta: { type: 'citations_delta', citation } });
    }
    for (const block of found.blocks) {
      const index = this.start(block.type === 'server_tool_use' ? { ...block, input: {} } : block, out);
      if (block.type === 'server_tool_use')
        out.push({
          type: 'content_block_delta',
          index,
          delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
        });
      this.close(out);
    }
    return found.searches;
  }

  /** Closes the open block, if any. */
  close(out: BlockEvent[]): void {
    if (!this.open) return;
    out.push({ type: 'content_block_stop', index: this.open.index });
    this.open = undefined;
  }

  private thought(part: Part, out: BlockEvent[]): void {
    if (this.open?.kind !== 'thinking') this.start({ type: 'thinking', thinking: '', signature: '' }, out);
    const index = this.open!.index;
    if (part.text)
      out.push({
        type: 'content_block_delta',
        index,
        delta: { type: 'thinking_delta', thinking: part.text },
      });
    if (part.thoughtSignature) this.sign(index, part.thoughtSignature, out);
  }

  private text(text: string, out: BlockEvent[]): void {
    if (text === '') return;
    const index = this.textIndex(out);
    out.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text } });
  }

  private call(part: Part, call: NonNullable<Part['functionCall']>, out: BlockEvent[]): void {
    if (!this.options.parallelToolCalls && this.toolCalls > 0) return;
    const signature = part.thoughtSignature;
    if (signature) {
      if (this.open?.kind !== 'thinking') this.start({ type: 'thinking', thinking: '', signature: '' }, out);
      this.signAndClose(signature, out);
    }
    this.close(out);
    const id = call.id || (this.options.newToolUseId ?? randomToolUseId)();
    const name = this.options.names.toClient(call.name);
    const index = this.start({ type: 'tool_use', id, name, input: {} }, out);
    out.push({
      type: 'content_block_delta',
      index,
      delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.args ?? {}) },
    });
    this.close(out);
    if (signature) this.options.signatures?.remember(id, signature);
    this.toolCalls++;
  }

  private start(block: ContentBlockOut, out: BlockEvent[]): number {
    this.close(out);
    const index = this.next++;
    out.push({ type: 'content_block_start', index, content_block: block });
    this.open = { kind: block.type, index };
    return index;
  }

  private sign(index: number, signature: string, out: BlockEvent[]): void {
    out.push({
      type: 'content_block_delta',
      index,
      delta: { type: 'signature_delta', signature: toThinkingSignature(signature) },
    });
  }

  private signAndClose(signature: string, out: BlockEvent[]): void {
    this.sign(this.open!.index, signature, out);
    this.close(out);
  }
}

/** Anthropic-looking ids (`toolu_` + 24 hex digits), unique per call. */
function randomToolUseId(): string {
  return `toolu_${randomHex(12)}`;
}
