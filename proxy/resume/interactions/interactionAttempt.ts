import type { UsageMetadata } from '../../gemini/types.js';
import type { InteractionFrame } from '../../upstream/interactions/parseInteractionEvent.js';
import type { InteractionEventWire, InteractionWire } from '../../upstream/interactions/interactionWire.js';
import { usageOfInteraction } from '../../translate/interactions/usageOfInteraction.js';
import type { AttemptWatch } from '../family.js';
import type { AttemptMode } from '../generation.js';
import { SeamJoiner } from '../seam.js';
import { frameOf, type InteractionAnswerSoFar } from './interactionAnswer.js';

/**
 * `reattach`: the same background interaction's stream again, after the last event the client got
 * (Google kept it running): its events go on exactly where the client's stopped, and pass as they are.
 */
export type InteractionAttemptMode = AttemptMode | 'reattach';

/**
 * How an attempt's interaction ended, from its `interaction.completed`. `empty` is a `completed`
 * with nothing for the client (no text, no call, no other step): held back, and the request replayed.
 */
export interface InteractionFinish {
  status: string;
  empty: boolean;
}

/**
 * Turns the events of one attempt at a streamed interaction into what the client is sent, and learns
 * what the attempt did (its interaction, usage, visible text, how it finished). One filter per
 * attempt; the answer across attempts lives in InteractionAnswerSoFar.
 *
 * | the attempt sends                                   | the client gets                                       |
 * | --------------------------------------------------- | ----------------------------------------------------- |
 * | any event of a first attempt needing no change      | that event, exactly as Google wrote it                |
 * | `interaction.created`, `status_update` of a later attempt | nothing: the client has its interaction already |
 * | `step.start` of a later attempt's `thought`, when the client has seen no thinking nor answer | it, under the next step index |
 * | `step.start` of a later attempt's `thought` otherwise | nothing (nor its deltas and stop)                    |
 * | `step.start` of `model_output` in a continuation    | nothing: its text joins the client's open text step   |
 * | any other `step.start`                              | it, under the next step index; text held at the seam first |
 * | `step.delta` text of a continuation                 | what is left after the seam (SeamJoiner), on the client's step |
 * | `step.delta`, `step.stop` of a step the client has  | it, under the client's index                          |
 * | `interaction.completed` with nothing for the client | nothing: the answer is empty                          |
 * | `interaction.completed`                             | it, as the client's interaction: its id, `created`, previous turn, the answer's usage |
 *
 * A later attempt first stops the steps the client still holds open, but the text step a
 * continuation goes on with. The first attempt's `previous_interaction_id`, when gemgate sent Google
 * another one in its place, is put back.
 */
export class InteractionAttemptFilter implements AttemptWatch<InteractionFrame> {
  /** Answer characters this attempt added to what the client holds, after the seam. */
  visibleChars = 0;
  /** The attempt's usage, as its latest report said. */
  usage: UsageMetadata | undefined;
  finish: InteractionFinish | undefined;
  /** The attempt's own interaction at Google. */
  interactionId: string | undefined;
  sawThoughts = false;
  sawVisible = false;
  private readonly joiner: SeamJoiner | undefined;
  /** The attempt's step indices in the client's numbering; null for steps the client does not get. */
  private readonly indexOf = new Map<number, number | null>();
  private started = false;
  /** This attempt's interaction is the first the client hears of: its lifecycle events pass. */
  private introduces = false;
  /** A first attempt, or a reattached one: its events pass as Google wrote them. */
  private readonly passThrough: boolean;

  constructor(
    private readonly answer: InteractionAnswerSoFar,
    private readonly how: InteractionAttemptMode,
  ) {
    this.joiner = how === 'continue' ? new SeamJoiner(answer.text) : undefined;
    this.passThrough = how === 'first' || how === 'reattach';
  }

  /** Characters of repeated text removed at the seam, for a continuation. */
  get seamRemoved(): number | undefined {
    return this.joiner?.removed;
  }

  /** Interactions are never held back whole: whatever an attempt sent is answer. */
  readonly answered = true;

  /** The attempt's mode for the engine's record: a reattached stream is a continuation of the same one. */
  get mode(): AttemptMode {
    return this.how === 'reattach' ? 'continue' : this.how;
  }

  /** Appends to `out` what the events of one upstream read become for the client. */
  take(frames: readonly InteractionFrame[], out: InteractionFrame[]): void {
    if (!this.started) {
      this.started = true;
      if (!this.passThrough) this.answer.stopOpenSteps(out, this.joiner ? this.answer.openOutput : undefined);
      if (this.how === 'replay') this.answer.openOutput = undefined;
    }
    for (const frame of frames) {
      const event = frame.event;
      if (typeof event.event_id === 'string') this.answer.lastEventId = event.event_id;
      switch (event.event_type) {
        case 'interaction.created':
          this.created(frame, out);
          break;
        case 'interaction.status_update':
          if (event.usage) this.usage = usageOfInteraction(event.usage);
          if (this.passThrough || this.introduces) out.push(frame);
          break;
        case 'step.start':
          this.stepStart(frame, out);
          break;
        case 'step.delta':
          this.stepDelta(frame, out);
          break;
        case 'step.stop':
          this.stepStop(frame, out);
          break;
        case 'interaction.completed':
          this.completed(frame, out);
          break;
        default:
          if (this.passThrough) out.push(frame);
      }
    }
  }

  /** The attempt's stream ended: text still held at the seam goes to the client's open text step. */
  end(out: InteractionFrame[]): void {
    this.releaseHeld(out);
  }

  private created(frame: InteractionFrame, out: InteractionFrame[]): void {
    const interaction = frame.event.interaction;
    if (!interaction) return;
    this.interactionId = interaction.id;
    // A replay after a cut that came before any event: this is the client's first sight of it.
    this.introduces = this.answer.id === undefined;
    this.answer.created(interaction);
    if (!this.passThrough && !this.introduces) return;
    out.push(
      this.answer.renames(interaction) ? this.withInteraction(frame, this.answer.stamp(interaction)) : frame,
    );
  }

  private stepStart(frame: InteractionFrame, out: InteractionFrame[]): void {
    const event = frame.event;
    const type = event.step?.type;
    const answer = this.answer;
    if (type === 'thought') {
      this.sawThoughts = true;
      // A later attempt's thinking is shown only while the client has seen nothing of the answer.
      const hidden =
        !this.passThrough && (answer.text.length > 0 || answer.toolCallSent || answer.thoughtsShown);
      if (hidden) return this.drop(event);
      answer.thoughtsShown = true;
      return this.pass(frame, answer.openStep(), out);
    }
    if (type === 'model_output' && this.joiner && answer.openOutput !== undefined) {
      this.indexOf.set(event.index ?? 0, answer.openOutput);
      const text = this.textOfStart(event);
      if (text) this.sendText(text, out);
      return;
    }
    this.releaseHeld(out);
    const index = answer.openStep();
    if (type === 'model_output') {
      answer.openOutput = index;
      const text = this.textOfStart(event);
      if (text) this.addText(text);
    } else {
      this.sawVisible = true;
      if (type === 'function_call') answer.toolCallSent = true;
    }
    this.pass(frame, index, out);
  }

  private stepDelta(frame: InteractionFrame, out: InteractionFrame[]): void {
    const event = frame.event;
    const index = this.clientIndex(event);
    if (index === null) return;
    const delta = event.delta;
    if (delta?.type !== 'text' || typeof delta.text !== 'string') return this.pass(frame, index, out);
    if (index !== this.answer.openOutput) {
      // Text of a step that is not the answer's text step: relayed, not counted.
      return this.pass(frame, index, out);
    }
    if (this.joiner) return this.sendText(delta.text, out, frame);
    this.addText(delta.text);
    this.pass(frame, index, out);
  }

  private stepStop(frame: InteractionFrame, out: InteractionFrame[]): void {
    const index = this.clientIndex(frame.event);
    if (index === null) return;
    if (index === this.answer.openOutput) {
      this.releaseHeld(out);
      this.answer.openOutput = undefined;
    }
    this.answer.openSteps.delete(index);
    this.pass(frame, index, out);
  }

  private completed(frame: InteractionFrame, out: InteractionFrame[]): void {
    const interaction = frame.event.interaction;
    if (!interaction) return;
    this.interactionId ??= interaction.id;
    if (interaction.usage && typeof interaction.usage === 'object') {
      this.usage = usageOfInteraction(interaction.usage);
    }
    this.releaseHeld(out);
    const answer = this.answer;
    const empty =
      interaction.status === 'completed' &&
      answer.text.length === 0 &&
      !answer.toolCallSent &&
      !this.sawVisible;
    this.finish = { status: interaction.status, empty };
    if (empty) return;
    if (this.passThrough && !answer.renames(interaction)) {
      out.push(frame);
      return;
    }
    const usage = this.passThrough ? undefined : answer.usageWire(this.usage);
    out.push(this.withInteraction(frame, answer.stamp(interaction, usage)));
  }

  /** Text of a continuation: what is left after the seam, on the client's open text step. */
  private sendText(text: string, out: InteractionFrame[], frame?: InteractionFrame): void {
    const kept = this.joiner ? this.joiner.push(text) : text;
    if (kept.length === 0) return;
    this.addText(kept);
    const index = this.answer.openOutput!;
    const delta = frame?.event.delta ?? { type: 'text' };
    out.push(
      frameOf({ ...(frame?.event ?? { event_type: 'step.delta' }), index, delta: { ...delta, text: kept } }),
    );
  }

  /** What the joiner still holds (the continuation stopped being text, or ended), to the client. */
  private releaseHeld(out: InteractionFrame[]): void {
    const held = this.joiner?.flush() ?? '';
    const index = this.answer.openOutput;
    if (held.length === 0 || index === undefined) return;
    this.addText(held);
    out.push(frameOf({ event_type: 'step.delta', index, delta: { type: 'text', text: held } }));
  }

  private addText(text: string): void {
    this.answer.text += text;
    this.visibleChars += text.length;
    if (text.length > 0) this.sawVisible = true;
  }

  /** Text a model_output step may already carry when it starts. */
  private textOfStart(event: InteractionEventWire): string {
    return (event.step?.content ?? [])
      .map((block) => (block.type === 'text' && typeof block.text === 'string' ? block.text : ''))
      .join('');
  }

  /** Relays an event under the client's step index: as Google wrote it when that changes nothing. */
  private pass(frame: InteractionFrame, index: number, out: InteractionFrame[]): void {
    const event = frame.event;
    const own = event.index ?? index;
    this.indexOf.set(own, index);
    out.push(own === index ? frame : frameOf({ ...event, index }));
  }

  private drop(event: InteractionEventWire): void {
    this.indexOf.set(event.index ?? 0, null);
  }

  /** The client's index for a step this attempt started; null when the client does not get it. */
  private clientIndex(event: InteractionEventWire): number | null {
    const own = event.index ?? 0;
    const mapped = this.indexOf.get(own);
    if (mapped !== undefined) return mapped;
    // A step whose start never came (a first attempt may begin mid-step): taken as numbered.
    return this.passThrough ? own : null;
  }

  private withInteraction(frame: InteractionFrame, interaction: InteractionWire): InteractionFrame {
    return frameOf({ ...frame.event, interaction });
  }
}
