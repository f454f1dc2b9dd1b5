import type { UsageMetadata } from '../../gemini/types.js';
import type { ChatChunkWire, ChatDeltaWire } from '../../upstream/openaiCompatible/chatWire.js';
import type { ChatFrame } from '../../upstream/openaiCompatible/chatFrame.js';
import { chatUsageOf, usageMetadataOf } from '../../translate/openaiCompatible/usageMetadataOf.js';
import { SeamJoiner } from '../seam.js';
import { answerUsage } from '../usage.js';
import type { AttemptMode } from '../generation.js';
import type { AttemptWatch } from '../family.js';

/**
 * The finish_reason an attempt ended with. `empty` is a `stop` while the client holds no answer:
 * held back, and the request replayed.
 */
export interface ChatFinish {
  reason: string;
  empty: boolean;
}

/**
 * What the client has been sent of one answer, over all of its attempts: its text (what a
 * continuation starts from), whether reasoning or a tool call went out, and the first attempt's
 * id, created and model, put on every chunk gemgate rewrites so the client sees one completion.
 */
export class ChatAnswerSoFar {
  text = '';
  reasoningShown = false;
  toolCallSent = false;
  id: string | undefined;
  created: number | undefined;
  model: string | undefined;
  /** The usage of each attempt before the current one. */
  private readonly earlierUsages: Array<UsageMetadata | undefined> = [];

  /** The current attempt is over and another follows. */
  moveOn(lastUsage: UsageMetadata | undefined): void {
    this.earlierUsages.push(lastUsage);
  }

  /** The usage the client is shown: its prompt once, the output of every attempt (answerUsage). */
  shownUsage(current: UsageMetadata | undefined): UsageMetadata | undefined {
    return answerUsage([...this.earlierUsages, current]);
  }

  /** A chunk of a later attempt, as part of this answer. */
  stamp(chunk: ChatChunkWire): ChatChunkWire {
    return {
      ...chunk,
      ...(this.id === undefined ? {} : { id: this.id }),
      ...(this.created === undefined ? {} : { created: this.created }),
      ...(this.model === undefined ? {} : { model: this.model }),
    };
  }

  /** A chunk of gemgate's own that ends the answer with `finishReason`. */
  closingChunk(finishReason: string): ChatFrame {
    return frameOf(
      this.stamp({
        object: 'chat.completion.chunk',
        choices: [{ index: 0, delta: {}, finish_reason: finishReason }],
      }),
    );
  }

  /** The usage chunk OpenAI sends last when `stream_options.include_usage` is set: choices empty. */
  usageChunk(usage: UsageMetadata | undefined): ChatFrame {
    return frameOf(
      this.stamp({ object: 'chat.completion.chunk', choices: [], usage: chatUsageOf(usage) ?? null }),
    );
  }
}

/**
 * Turns the chunks of one attempt at a streamed Chat Completions answer into what the client is
 * sent (frames: a relayed chunk keeps the JSON text the provider wrote), and learns what the attempt did. One filter per attempt; the
 * answer's state across attempts lives in ChatAnswerSoFar.
 *
 * | the attempt sends                                      | the client gets                                   |
 * |--------------------------------------------------------|---------------------------------------------------|
 * | a chunk of a first attempt needing no change           | that chunk, exactly as the provider wrote it      |
 * | a later attempt's opening `role` (with empty content)  | nothing                                           |
 * | content of a continuation                              | what is left after the seam (SeamJoiner)          |
 * | reasoning_content before any answer text               | it (not again after a replay that showed it)      |
 * | reasoning_content after answer text                    | nothing                                           |
 * | tool_calls                                             | them, after any text held at the seam             |
 * | finish_reason `stop` while the client holds no answer  | the chunk without it: the answer is empty         |
 * | any other finish_reason                                | the chunk, text held at the seam released first   |
 * | the usage chunk (choices: [])                          | nothing: the engine sends the answer's usage last |
 * | several choices (n > 1)                                | each chunk as it is: never resumed                |
 *
 * Chunks of later attempts carry the first attempt's id, created and model.
 */
export class ChatAttemptFilter implements AttemptWatch<ChatFrame> {
  /** Answer characters this attempt added to what the client holds, after the seam. */
  visibleChars = 0;
  /** The attempt's usage, once its usage chunk came. */
  usage: UsageMetadata | undefined;
  /** The usage chunk as the provider wrote it, to pass on unchanged when this attempt is the answer. */
  usageFrame: ChatFrame | undefined;
  finish: ChatFinish | undefined;
  sawReasoning = false;
  sawVisible = false;
  private readonly joiner: SeamJoiner | undefined;
  private readonly relayAsIs: boolean;

  constructor(
    private readonly answer: ChatAnswerSoFar,
    readonly mode: AttemptMode,
  ) {
    this.joiner = mode === 'continue' ? new SeamJoiner(answer.text) : undefined;
    this.relayAsIs = mode === 'first';
  }

  /** Characters of repeated text removed at the seam, for a continuation. */
  get seamRemoved(): number | undefined {
    return this.joiner?.removed;
  }

  /** Appends to `out` what the chunks of one upstream read become for the client. */
  take(frames: readonly ChatFrame[], out: ChatFrame[]): void {
    const answer = this.answer;
    for (const frame of frames) {
      const chunk = frame.chunk;
      answer.id ??= chunk.id;
      answer.created ??= chunk.created;
      answer.model ??= chunk.model;
      if (chunk.usage && typeof chunk.usage === 'object') {
        this.usage = usageMetadataOf(chunk.usage);
        if (!chunk.choices?.length) this.usageFrame = frame;
      }
      const choices = chunk.choices ?? [];
      if (choices.length === 0) continue;
      if (choices.length > 1) {
        this.finish ??= firstFinish(choices);
        out.push(frame);
        continue;
      }
      const choice = choices[0]!;
      const { delta, untouched } = this.takeDelta(choice.delta ?? {});
      const reason = choice.finish_reason ?? undefined;
      let keptReason: string | undefined;
      if (reason) {
        const held = this.joiner?.flush() ?? '';
        if (held) this.addText(delta, held, 'append');
        const empty = reason === 'stop' && answer.text.length === 0 && !answer.toolCallSent;
        this.finish = { reason, empty };
        if (!empty) keptReason = reason;
      }
      if (untouched && this.relayAsIs && keptReason === reason) {
        out.push(frame);
        continue;
      }
      if (Object.keys(delta).length === 0 && keptReason === undefined) continue;
      out.push(
        frameOf(
          answer.stamp({ ...chunk, choices: [{ ...choice, delta, finish_reason: keptReason ?? null }] }),
        ),
      );
    }
  }

  /** The attempt's stream ended: the continuation's text still held at the seam, as a chunk of its own. */
  end(out: ChatFrame[]): void {
    if (!this.joiner || this.finish) return;
    const delta: ChatDeltaWire = {};
    const held = this.joiner.flush();
    if (held) this.addText(delta, held, 'append');
    if (delta.content) {
      out.push(
        frameOf(
          this.answer.stamp({
            object: 'chat.completion.chunk',
            choices: [{ index: 0, delta, finish_reason: null }],
          }),
        ),
      );
    }
  }

  /** A finish_reason other than an empty `stop` came: this attempt is the answer. */
  get answered(): boolean {
    return this.finish !== undefined && !this.finish.empty;
  }

  /** What the client gets of one delta; `untouched` when it is exactly the provider's. */
  private takeDelta(delta: ChatDeltaWire): { delta: ChatDeltaWire; untouched: boolean } {
    const answer = this.answer;
    const kept: ChatDeltaWire = {};
    let untouched = true;
    for (const [field, value] of Object.entries(delta)) {
      if (field === 'content' && typeof value === 'string') {
        const text = this.joiner ? this.joiner.push(value) : value;
        if (text !== value) untouched = false;
        if (text.length > 0 || (this.relayAsIs && value.length === 0)) this.addText(kept, text, 'set');
      } else if (field === 'reasoning_content' && typeof value === 'string') {
        if (value.length > 0) this.sawReasoning = true;
        // Reasoning shown once: not after the answer's text began, not twice after a replay.
        if (answer.text.length > 0 || (this.mode !== 'first' && answer.reasoningShown)) {
          untouched = false;
          continue;
        }
        kept.reasoning_content = value;
        if (value.length > 0) answer.reasoningShown = true;
      } else if (field === 'tool_calls' && Array.isArray(value) && value.length > 0) {
        const held = this.joiner?.flush() ?? '';
        if (held) {
          this.addText(kept, held, 'append');
          untouched = false;
        }
        kept.tool_calls = value;
        answer.toolCallSent = true;
        this.sawVisible = true;
      } else if (field === 'role' && !this.relayAsIs) {
        // A later attempt opens with the role again; the client saw it once already.
        untouched = false;
      } else {
        kept[field] = value;
      }
    }
    return { delta: kept, untouched };
  }

  /** Text that goes to the client counts as sent. */
  private addText(delta: ChatDeltaWire, text: string, how: 'set' | 'append'): void {
    delta.content = how === 'append' ? `${delta.content ?? ''}${text}` : text;
    this.answer.text += text;
    this.visibleChars += text.length;
    if (text.length > 0) this.sawVisible = true;
  }
}

/** A chunk of gemgate's making, with its JSON text. */
function frameOf(chunk: ChatChunkWire): ChatFrame {
  return { chunk, json: JSON.stringify(chunk) };
}

function firstFinish(choices: ReadonlyArray<{ finish_reason?: string | null }>): ChatFinish | undefined {
  const reason = choices.find((choice) => choice.finish_reason)?.finish_reason;
  return reason ? { reason, empty: false } : undefined;
}
