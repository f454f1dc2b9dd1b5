import type { Candidate, GenerateContentResponse, Part, UsageMetadata } from '../../gemini/types.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import { decodeTexts, type PlainText } from '../../upstream/skimFrame.js';
import { classifyFinish } from './finishReasons.js';
import type { AttemptFacts, AttemptFinish } from './attemptVerdict.js';
import { SeamJoiner } from '../seam.js';
import { answerUsage } from '../usage.js';
import type { AttemptMode } from '../generation.js';
import type { AttemptWatch } from '../family.js';

export type { AttemptMode } from '../generation.js';

/**
 * What the client has been sent of one answer, over all of its attempts, and how a frame gemgate
 * rewrites looks: the answer's one responseId, and usage as one answer's (answerUsage).
 */
export class AnswerSoFar {
  /** The visible answer text the client holds, as far as it is decoded. */
  private decoded = '';
  /** Text that followed, as skimmed frames wrote it (JSON string contents): decoded when asked for. */
  private written: string[] = [];
  private writtenUnescaped = true;
  private writtenLength = 0;
  thoughtsShown = false;
  toolCallSent = false;
  /** The first responseId Gemini gave, put on every rewritten frame so the client sees one response. */
  responseId: string | undefined;
  /** The last usage report of each attempt before the current one. */
  private readonly earlierUsages: Array<UsageMetadata | undefined> = [];

  /** The visible answer text the client holds: what a continuation starts from. */
  get text(): string {
    if (this.written.length > 0) {
      this.decoded += decodeTexts(this.written, this.writtenUnescaped);
      this.written = [];
      this.writtenUnescaped = true;
      this.writtenLength = 0;
    }
    return this.decoded;
  }

  set text(text: string) {
    this.written = [];
    this.writtenUnescaped = true;
    this.writtenLength = 0;
    this.decoded = text;
  }

  /** text.length, without decoding what skimmed frames added. */
  get textLength(): number {
    return this.decoded.length + this.writtenLength;
  }

  /**
   * Decoded text reached the client (a parsed frame's, or text the seam let go): kept after what
   * skimmed frames wrote, which stays undecoded (appending to `text` would decode it all, only for
   * the fold of a whole answer to decode it again).
   */
  append(text: string): void {
    if (this.written.length === 0) {
      this.decoded += text;
      return;
    }
    // Written as JSON would write it, so that decodeTexts gives back exactly this text.
    const written = JSON.stringify(text).slice(1, -1);
    this.written.push(written);
    if (written !== text) this.writtenUnescaped = false;
    this.writtenLength += text.length;
  }

  /** A skimmed frame's text reached the client. */
  addPlain(plain: PlainText): void {
    for (const text of plain.texts) this.written.push(text);
    if (!plain.unescaped) this.writtenUnescaped = false;
    this.writtenLength += plain.length;
  }

  /**
   * `wholeOnly`: an image or audio answer (mediaAnswers.ts). Each attempt goes out whole or not at
   * all, and one that shows only media, no text, is an answer, not an empty one.
   */
  constructor(readonly wholeOnly = false) {}

  /** A whole-only attempt was dropped before the client saw any of it: nothing of it is held. */
  forgetAttempt(): void {
    this.text = '';
    this.thoughtsShown = false;
    this.toolCallSent = false;
  }

  /** The current attempt is over and another follows: its last usage report becomes an earlier one. */
  moveOn(lastUsage: UsageMetadata | undefined): void {
    this.earlierUsages.push(lastUsage);
  }

  /** The usage the client is shown: the earlier attempts', and `current`, the latest report of this one. */
  shownUsage(current: UsageMetadata | undefined): UsageMetadata | undefined {
    return answerUsage([...this.earlierUsages, current]);
  }

  /** `chunk` with its one candidate's parts and finishReason replaced, as part of this answer. */
  rewrite(
    chunk: GenerateContentResponse,
    candidate: Candidate | undefined,
    parts: Part[],
    finishReason: string | undefined,
  ): GenerateContentResponse {
    const { finishReason: _dropped, ...rest } = candidate ?? {};
    const out: GenerateContentResponse = {
      ...chunk,
      candidates: [
        {
          ...rest,
          content: { role: 'model', parts },
          ...(finishReason ? { finishReason } : {}),
          index: candidate?.index ?? 0,
        },
      ],
    };
    const usage = this.shownUsage(chunk.usageMetadata);
    if (usage) out.usageMetadata = usage;
    if (this.responseId) out.responseId = this.responseId;
    return out;
  }

  /**
   * A frame of gemgate's own that ends the answer with `finishReason`. `current` is the usage the
   * attempt in hand reported last: streaming clients read usage off the last frame, so it must
   * count this attempt's output too.
   */
  closingFrame(finishReason: string, current?: UsageMetadata): StreamFrame {
    return { chunk: this.rewrite(current ? { usageMetadata: current } : {}, undefined, [], finishReason) };
  }
}

/**
 * Turns the frames of one upstream attempt into what the client is sent, and learns what the
 * attempt did (AttemptFacts, visible characters, usage). One filter per attempt; the answer's
 * state across attempts lives in AnswerSoFar.
 *
 * | the attempt sends                                    | the client gets                              |
 * |------------------------------------------------------|----------------------------------------------|
 * | a frame of a first attempt needing no change         | that frame, with Gemini's own JSON text      |
 * | the same, skimmed as plain text (see skimFrame)      | that frame, never parsed                     |
 * | text of a continuation                               | what is left after the seam (SeamJoiner)     |
 * | thoughts, before any answer text                     | the thoughts                                 |
 * | thoughts after answer text, or shown before a replay | nothing                                      |
 * | a function call or other non-text part               | the part, after any text held at the seam    |
 * | STOP while the client holds no answer                | the parts; the finishReason held back        |
 * | MALFORMED_FUNCTION_CALL                              | the parts; the finishReason held back        |
 * | any other finishReason (complete or policy stop)     | the frame with its finishReason              |
 * | a usage-only frame after the finishReason            | its usage only, if the finishReason went out |
 * | a blocked prompt (promptFeedback, no candidates)     | that frame; the filter reads no further      |
 * | several candidates (n > 1)                           | each frame as it is: never resumed           |
 *
 * Usage on rewritten frames is the answer's (AnswerSoFar.shownUsage), so a resumed answer shows
 * its prompt once.
 */
export class AttemptFilter implements AttemptFacts, AttemptWatch<StreamFrame> {
  /** Answer characters this attempt added to what the client holds, after the seam. */
  visibleChars = 0;
  private lastUsage: UsageMetadata | undefined;
  /** A skimmed frame whose usage is the latest, parsed only if asked for. */
  private usageSource: PlainText | undefined;
  finish: AttemptFinish | undefined;
  sawThoughts = false;
  sawVisible = false;
  /** Set when Gemini blocked the prompt: the answer is final, and nothing after it is read. */
  blockReason: string | undefined;
  private readonly joiner: SeamJoiner | undefined;
  /** A frame may be relayed as Gemini sent it only on a first attempt: later ones are rewritten. */
  private readonly relayAsIs: boolean;

  constructor(
    private readonly answer: AnswerSoFar,
    readonly mode: AttemptMode,
    /** Told each thought signature the attempt carries (signature routing). */
    private readonly onSignature?: (signature: string) => void,
  ) {
    this.joiner = mode === 'continue' ? new SeamJoiner(answer.text) : undefined;
    this.relayAsIs = mode === 'first';
  }

  /** The attempt's latest usage report (cumulative within an attempt). */
  get usage(): UsageMetadata | undefined {
    if (this.usageSource) {
      this.lastUsage = this.usageSource.usage();
      this.usageSource = undefined;
    }
    return this.lastUsage;
  }

  set usage(usage: UsageMetadata | undefined) {
    this.usageSource = undefined;
    this.lastUsage = usage;
  }

  /** Characters of repeated text removed at the seam, for a continuation. */
  get seamRemoved(): number | undefined {
    return this.joiner?.removed;
  }

  /** Appends to `out` what the frames of one upstream read become for the client. */
  take(frames: readonly StreamFrame[], out: StreamFrame[]): void {
    const answer = this.answer;
    for (const frame of frames) {
      const plain = frame.plain;
      if (plain !== undefined && this.relayAsIs && this.finish === undefined) {
        // Plain text on a first attempt: relayed as Gemini wrote it, learnt from the skim alone.
        this.takePlain(plain);
        out.push(frame);
        continue;
      }
      const chunk = frame.chunk;
      answer.responseId ??= chunk.responseId;
      if (chunk.usageMetadata) this.usage = chunk.usageMetadata;

      if (chunk.promptFeedback?.blockReason && !chunk.candidates?.length) {
        this.blockReason = chunk.promptFeedback.blockReason;
        out.push({
          chunk: { ...chunk, responseId: answer.responseId, usageMetadata: answer.shownUsage(this.usage) },
        });
        return;
      }

      if ((chunk.candidates?.length ?? 0) > 1) {
        this.takeMultiCandidate(chunk.candidates!);
        out.push(frame);
        continue;
      }

      const candidate: Candidate | undefined = chunk.candidates?.[0];
      const reason = candidate?.finishReason;
      const parts: Part[] = [];
      const untouched = this.takeParts(candidate, parts);
      if (reason) {
        this.takeFinish(frame, candidate!, parts, reason, untouched, out);
      } else if (this.finish) {
        // A trailing frame after the last one (usage only): pass its usage on, nothing else.
        if (chunk.usageMetadata && this.finish.cls !== 'retry') {
          out.push({
            chunk: {
              usageMetadata: answer.shownUsage(chunk.usageMetadata),
              ...(answer.responseId ? { responseId: answer.responseId } : {}),
            },
          });
        }
      } else if (untouched) {
        out.push(frame);
      } else if (parts.length > 0 || candidate === undefined) {
        out.push({ chunk: answer.rewrite(chunk, candidate, parts, undefined) });
      }
    }
  }

  /**
   * The attempt's stream ended. Appends the continuation's text still held at the seam (nothing
   * when a finishReason already released it), as a frame of its own.
   */
  end(out: StreamFrame[]): void {
    if (!this.joiner || this.finish) return;
    const held: Part[] = [];
    this.release(held, this.joiner.flush());
    if (held.length === 0) return;
    const usage = this.usage ? { usageMetadata: this.usage } : {};
    out.push({ chunk: this.answer.rewrite(usage, undefined, held, undefined) });
  }

  /** Gemini blocked the prompt: nothing after it is worth reading. */
  get stopReading(): boolean {
    return this.blockReason !== undefined;
  }

  /** The attempt is an answer: it finished (not a held-back STOP or malformed call), or its prompt was blocked. */
  get answered(): boolean {
    return (this.finish !== undefined && this.finish.cls !== 'retry') || this.blockReason !== undefined;
  }

  /** What takeParts learns from a frame of plain text, read off its skim instead of its parts. */
  private takePlain(plain: PlainText): void {
    const answer = this.answer;
    answer.responseId ??= plain.responseId;
    if (plain.hasUsage) this.usageSource = plain;
    answer.addPlain(plain);
    this.visibleChars += plain.length;
    this.sawVisible = true;
  }

  /**
   * Puts in `parts` what the client gets of the candidate's parts, and learns from them. Returns
   * whether the frame can still go out exactly as Gemini sent it.
   */
  private takeParts(candidate: Candidate | undefined, parts: Part[]): boolean {
    const answer = this.answer;
    const joiner = this.joiner;
    let untouched = this.relayAsIs;
    for (const part of candidate?.content?.parts ?? []) {
      if (part.thoughtSignature) this.onSignature?.(part.thoughtSignature);
      if (part.thought) {
        this.sawThoughts = true;
        // Reasoning shown once: not again after the answer's text began, not twice after a replay.
        if (answer.textLength > 0 || (this.mode !== 'first' && answer.thoughtsShown)) {
          untouched = false;
          continue;
        }
        parts.push(part);
        answer.thoughtsShown = true;
      } else if (typeof part.text === 'string') {
        const text = joiner ? joiner.push(part.text) : part.text;
        if (text.length > 0 || part.thoughtSignature) parts.push({ ...part, text });
        else untouched = false;
        if (text.length > 0) {
          answer.append(text);
          this.visibleChars += text.length;
          this.sawVisible = true;
        }
      } else {
        if (joiner) this.release(parts, joiner.flush());
        parts.push(part);
        if (part.functionCall) answer.toolCallSent = true;
        this.sawVisible = true;
      }
    }
    return untouched;
  }

  private takeFinish(
    frame: StreamFrame,
    candidate: Candidate,
    parts: Part[],
    reason: string,
    untouched: boolean,
    out: StreamFrame[],
  ): void {
    const answer = this.answer;
    if (this.joiner) this.release(parts, this.joiner.flush());
    const cls = classifyFinish(reason);
    const emptyStop =
      cls === 'complete' &&
      reason === 'STOP' &&
      answer.textLength === 0 &&
      !answer.toolCallSent &&
      !(answer.wholeOnly && this.sawVisible);
    if (cls !== 'retry' && !emptyStop) {
      this.finish = { reason, cls };
      out.push(untouched ? frame : { chunk: answer.rewrite(frame.chunk, candidate, parts, reason) });
    } else {
      // Not an answer (empty, thoughts only, malformed call): hold the finishReason back and retry.
      this.finish = { reason, cls: 'retry' };
      if (parts.length > 0) out.push({ chunk: answer.rewrite(frame.chunk, candidate, parts, undefined) });
    }
  }

  /** Several candidates (n > 1) are never resumed: the first finishReason stands for the answer. */
  private takeMultiCandidate(candidates: Candidate[]): void {
    const reasons = candidates.map((c) => c.finishReason).filter((r): r is string => !!r);
    if (reasons.length > 0) this.finish = { reason: reasons[0]!, cls: classifyFinish(reasons[0]!) };
  }

  /** Text the seam joiner held back and now lets go: it counts as sent. */
  private release(parts: Part[], text: string): void {
    if (!text) return;
    parts.push({ text });
    this.answer.append(text);
    this.visibleChars += text.length;
    this.sawVisible = true;
  }
}
