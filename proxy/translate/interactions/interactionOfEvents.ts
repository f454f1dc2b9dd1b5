import type {
  ContentBlockWire,
  InteractionEventWire,
  InteractionWire,
  StepWire,
} from '../../upstream/interactions/interactionWire.js';

/**
 * The events of a streamed interaction -> the whole Interaction a non-streamed create answers (so a
 * client that asked for a whole one can be served from a stream gemgate resumes):
 *
 * | event                                       | becomes                                              |
 * | ------------------------------------------- | ---------------------------------------------------- |
 * | `step.start {index, step}`                  | `steps[index]`, as the step started                  |
 * | `step.delta` `text`                         | appended to the step's last text block (a new one if none) |
 * | `step.delta` `thought_summary {content}`    | `content` appended to the step's `summary`           |
 * | `step.delta` `thought_signature`            | the step's `signature`                               |
 * | `step.delta` `arguments_delta`              | appended to the call's arguments, parsed at `step.stop` |
 * | `step.delta` `image`, `audio`, `video`, `document` | a content block appended to the step's `content` |
 * | `interaction.completed {interaction}`       | the interaction (status, usage, `updated`…) with `steps` |
 * | `interaction.created`, `status_update`      | nothing the whole answer keeps                       |
 *
 * Undefined until `interaction.completed` came: a stream without it is no whole answer.
 */
export class InteractionFold {
  private readonly steps: StepWire[] = [];
  private readonly argumentText = new Map<number, string>();
  private final: InteractionWire | undefined;

  add(event: InteractionEventWire): void {
    const index = event.index ?? 0;
    switch (event.event_type) {
      case 'step.start':
        if (event.step) this.steps[index] = structuredClone(event.step);
        return;
      case 'step.delta':
        this.delta(index, event);
        return;
      case 'step.stop':
        this.stop(index);
        return;
      case 'interaction.completed':
        this.final = event.interaction;
        return;
      default:
        return;
    }
  }

  /** The whole interaction, once it completed. */
  interaction(): InteractionWire | undefined {
    if (!this.final) return undefined;
    const { usage, ...rest } = this.final;
    return { ...rest, steps: this.steps.filter((step) => step !== undefined), ...(usage ? { usage } : {}) };
  }

  private delta(index: number, event: InteractionEventWire): void {
    const step = (this.steps[index] ??= { type: 'model_output' });
    const delta = event.delta;
    if (!delta) return;
    switch (delta.type) {
      case 'text': {
        const content = (step.content ??= []);
        const last = content.at(-1);
        if (last?.type === 'text') last.text = `${last.text ?? ''}${delta.text ?? ''}`;
        else content.push({ type: 'text', text: delta.text ?? '' });
        return;
      }
      case 'thought_summary':
        if (delta.content) ((step.summary ??= []) as unknown[]).push(delta.content);
        return;
      case 'thought_signature':
        if (typeof delta.signature === 'string') step.signature = delta.signature;
        return;
      case 'arguments_delta':
        this.argumentText.set(index, `${this.argumentText.get(index) ?? ''}${String(delta.arguments ?? '')}`);
        return;
      case 'image':
      case 'audio':
      case 'video':
      case 'document':
        (step.content ??= []).push({ ...delta } as ContentBlockWire);
        return;
      default:
        return;
    }
  }

  private stop(index: number): void {
    const text = this.argumentText.get(index);
    const step = this.steps[index];
    if (text === undefined || !step) return;
    try {
      step.arguments = JSON.parse(text) as unknown;
    } catch {
      step.arguments = text;
    }
    this.argumentText.delete(index);
  }
}
