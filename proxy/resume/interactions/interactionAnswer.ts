import type { UsageMetadata } from '../../gemini/types.js';
import type { InteractionFrame } from '../../upstream/interactions/parseInteractionEvent.js';
import type {
  InteractionEventWire,
  InteractionUsageWire,
  InteractionWire,
} from '../../upstream/interactions/interactionWire.js';
import { interactionUsageOf } from '../../translate/interactions/interactionUsageOf.js';
import { answerUsage } from '../usage.js';

/**
 * What the client has been sent of one streamed interaction, over all of its attempts, and how an
 * event gemgate writes or rewrites looks: the interaction the client knows is the first attempt's
 * (its id, `created`, model or agent, the `previous_interaction_id` the client sent), its steps are
 * numbered as the client saw them start, and its usage is one answer's (answerUsage: the prompt once,
 * the output of every attempt).
 */
export class InteractionAnswerSoFar {
  /** The interaction id the client holds: the first attempt's. */
  id: string | undefined;
  private first: InteractionWire | undefined;
  /** Every attempt's interaction at Google, in order (what deleting the client's one must delete). */
  readonly upstreamIds: string[] = [];
  /** The id of the last event the client got, when Google numbers them (a background run's stream). */
  lastEventId: string | undefined;
  /** The answer text the client holds, over every model_output step: what a continuation starts from. */
  text = '';
  thoughtsShown = false;
  toolCallSent = false;
  /** Steps the client has seen start: the next one it sees gets this index. */
  stepCount = 0;
  /** Steps the client saw start and not stop, by the client's index. */
  readonly openSteps = new Set<number>();
  /** The client's model_output step still open, which a continuation's text joins. */
  openOutput: number | undefined;
  private readonly earlierUsages: Array<UsageMetadata | undefined> = [];

  /**
   * `previousId` is the `previous_interaction_id` the client sent; `upstreamPreviousId` what went to
   * Google instead (the interaction holding that turn after gemgate completed its stream), which
   * Google echoes and the client must not see.
   */
  constructor(
    readonly names: { previousId?: string; upstreamPreviousId?: string } = {},
    /** Told of the client's interaction before any event of it goes out (to record who owns it). */
    private readonly onFirst?: (interaction: InteractionWire) => void,
  ) {}

  /** This attempt's interaction came: the first one's is the client's. */
  created(interaction: InteractionWire): void {
    if (!this.upstreamIds.includes(interaction.id)) this.upstreamIds.push(interaction.id);
    if (this.first) return;
    this.first = interaction;
    this.id = interaction.id;
    this.onFirst?.(interaction);
  }

  /** The current attempt is over and another follows: its last usage becomes an earlier one. */
  moveOn(lastUsage: UsageMetadata | undefined): void {
    this.earlierUsages.push(lastUsage);
  }

  /** The usage the client is shown: the earlier attempts' and `current`, this attempt's. */
  shownUsage(current: UsageMetadata | undefined): UsageMetadata | undefined {
    return answerUsage([...this.earlierUsages, current]);
  }

  /** Whether an event of the first attempt has to change before the client sees it. */
  renames(interaction: InteractionWire | undefined): boolean {
    const { previousId, upstreamPreviousId } = this.names;
    return (
      interaction !== undefined &&
      upstreamPreviousId !== undefined &&
      upstreamPreviousId !== previousId &&
      interaction.previous_interaction_id === upstreamPreviousId
    );
  }

  /** An interaction of any attempt, as the client's: its id, creation, model and previous turn. */
  stamp(interaction: InteractionWire, usage?: InteractionUsageWire): InteractionWire {
    const first = this.first;
    const stamped: InteractionWire = { ...interaction };
    if (first) {
      stamped.id = first.id;
      if (first.created !== undefined) stamped.created = first.created;
    }
    if (this.renames(stamped) || (first && 'previous_interaction_id' in stamped)) {
      if (this.names.previousId === undefined) delete stamped.previous_interaction_id;
      else stamped.previous_interaction_id = this.names.previousId;
    }
    if (usage) stamped.usage = usage;
    return stamped;
  }

  /** The usage of an answer of several attempts, as the Interactions API writes it. */
  usageWire(current: UsageMetadata | undefined): InteractionUsageWire | undefined {
    return interactionUsageOf(this.shownUsage(current));
  }

  /** A step the client has not seen yet starts: its index in the client's numbering. */
  openStep(): number {
    const index = this.stepCount++;
    this.openSteps.add(index);
    return index;
  }

  /** A step.stop for each step the client holds open (`except` stays open), in the client's numbering. */
  stopOpenSteps(out: InteractionFrame[], except?: number): void {
    for (const index of [...this.openSteps]) {
      if (index === except) continue;
      out.push(frameOf({ event_type: 'step.stop', index }));
      this.openSteps.delete(index);
      if (this.openOutput === index) this.openOutput = undefined;
    }
  }

  /**
   * Events of gemgate's own that end the answer with `status` (a function call the stream was cut
   * after; an output budget spent): the open steps stop, then `interaction.completed`.
   */
  closingFrames(status: string, current: UsageMetadata | undefined): InteractionFrame[] {
    const out: InteractionFrame[] = [];
    this.stopOpenSteps(out);
    const { id = '', model, agent, created } = this.first ?? {};
    const usage = this.usageWire(current);
    const interaction: InteractionWire = {
      id,
      status,
      ...(model !== undefined ? { model } : {}),
      ...(agent !== undefined ? { agent } : {}),
      object: 'interaction',
      ...(created !== undefined ? { created } : {}),
      ...(this.names.previousId !== undefined ? { previous_interaction_id: this.names.previousId } : {}),
      ...(usage ? { usage } : {}),
    };
    out.push(frameOf({ interaction, event_type: 'interaction.completed' }));
    return out;
  }
}

/** A frame for an event gemgate wrote or changed. */
export function frameOf(event: InteractionEventWire): InteractionFrame {
  return { event, json: JSON.stringify(event) };
}
