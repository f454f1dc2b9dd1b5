import type { InteractionUsage, Step } from './interaction-steps.js';
import { chunkCodePoints, codePointLength, headCodePoints } from './text.js';

/**
 * One interaction's answer, and the two ways it travels: a whole Interaction, or Server-Sent Events.
 *
 * The event sequence is the one ai.google.dev/gemini-api/docs/interactions/streaming shows and the
 * @google/genai 3.6.1 types define (`InteractionSSEEvent`: `InteractionCreatedEvent`,
 * `InteractionStatusUpdate`, `StepStart`, `StepDelta`, `StepStop`, `InteractionCompletedEvent`,
 * `ErrorEvent`): `interaction.created` → `interaction.status_update` → per step `step.start`,
 * `step.delta`…, `step.stop` → `interaction.completed` (the final status and usage, no steps: the
 * steps are what the step events built) → `event: done` / `data: [DONE]`, the sentinel the SDK's
 * stream reader stops at (`sse(200, {sentinel: "[DONE]"})` in interactionsCreate). Each event is
 * written `event: <event_type>\ndata: <json>\n\n`. A text step's deltas are `{type: "text", text}`; a
 * thought step starts with its signature and, when summaries are asked for, sends `thought_summary`
 * deltas; a function call step starts whole.
 *
 * `event_id`s (the resume points of `GET …?stream=true&last_event_id=`) are on every event of a
 * background interaction; the foreground sample in the docs shows none.
 */

/** What one create produced: enough to write the whole Interaction or its events. */
export interface InteractionRun {
  id: string;
  /** `{model}` or `{agent}`, as the create named it. */
  who: { model: string } | { agent: string };
  created: string;
  updated: string;
  status: string;
  previousId?: string;
  thought?: Extract<Step, { type: 'thought' }>;
  text: string;
  calls: Array<Extract<Step, { type: 'function_call' }>>;
  usage: InteractionUsage;
  background: boolean;
}

/** Where a fault can fall: `text` frames add visible characters; `stop` and `close` end the answer. */
export type EventKind = 'open' | 'thought' | 'text' | 'call' | 'stop' | 'close' | 'done';

export interface EventFrame {
  kind: EventKind;
  /** The SSE event name (the payload's `event_type`, or `done`). */
  event: string;
  /** The JSON payload, or `[DONE]`. */
  data: Record<string, unknown> | '[DONE]';
  /** Visible characters sent once this frame is out. */
  visibleAfter: number;
}

export interface EventShape {
  chunkChars: number;
  /** An extra chunk boundary, so a fault "after N characters" falls between two frames. */
  breakAt?: number;
}

/** The model-generated steps, in order: thought, answer text, function calls. */
export function outputSteps(run: InteractionRun): Step[] {
  return [
    ...(run.thought ? [run.thought] : []),
    ...(run.text.length > 0
      ? [{ type: 'model_output' as const, content: [{ type: 'text' as const, text: run.text }] }]
      : []),
    ...run.calls,
  ];
}

/** The interaction as a lifecycle event or a poll shows it; `steps` and `usage` when given. */
export function snapshot(
  run: InteractionRun,
  status: string,
  extra: { steps?: Step[]; usage?: InteractionUsage; final?: boolean } = {},
): Record<string, unknown> {
  return {
    id: run.id,
    status,
    ...run.who,
    object: 'interaction',
    created: run.created,
    ...(extra.final ? { updated: run.updated } : {}),
    ...(run.previousId ? { previous_interaction_id: run.previousId } : {}),
    ...(extra.steps ? { steps: extra.steps } : {}),
    ...(extra.usage ? { usage: extra.usage } : {}),
  };
}

/** The whole Interaction a non-streamed create answers: only the model-generated steps. */
export function wholeInteraction(run: InteractionRun): Record<string, unknown> {
  return snapshot(run, run.status, { steps: outputSteps(run), usage: run.usage, final: true });
}

/** The answer cut to its first `chars` visible characters, ending with `status`. */
export function truncatedRun(run: InteractionRun, chars: number, status: string): InteractionRun {
  return { ...run, text: headCodePoints(run.text, chars), calls: [], status };
}

export function interactionEvents(run: InteractionRun, shape: EventShape): EventFrame[] {
  const frames: EventFrame[] = [];
  let visible = 0;
  const push = (kind: EventKind, data: Record<string, unknown>) =>
    frames.push({ kind, event: String(data.event_type), data, visibleAfter: visible });

  frames.push({
    kind: 'open',
    event: 'interaction.created',
    data: { interaction: snapshot(run, 'in_progress'), event_type: 'interaction.created' },
    visibleAfter: 0,
  });
  push('open', { event_type: 'interaction.status_update', interaction_id: run.id, status: 'in_progress' });
  let index = 0;
  if (run.thought) {
    const { summary, ...start } = run.thought;
    push('thought', { event_type: 'step.start', index, step: start });
    for (const block of summary ?? []) {
      push('thought', {
        event_type: 'step.delta',
        index,
        delta: { type: 'thought_summary', content: block },
      });
    }
    push('thought', { event_type: 'step.stop', index });
    index++;
  }
  if (run.text.length > 0) {
    push('open', { event_type: 'step.start', index, step: { type: 'model_output' } });
    const breaks = shape.breakAt === undefined ? [] : [shape.breakAt];
    for (const chunk of chunkCodePoints(run.text, shape.chunkChars, breaks)) {
      visible += codePointLength(chunk);
      push('text', { event_type: 'step.delta', index, delta: { type: 'text', text: chunk } });
    }
    push('stop', { event_type: 'step.stop', index });
    index++;
  }
  for (const call of run.calls) {
    push('call', { event_type: 'step.start', index, step: call });
    push('call', { event_type: 'step.stop', index });
    index++;
  }
  frames.push({
    kind: 'close',
    event: 'interaction.completed',
    data: {
      interaction: snapshot(run, run.status, { usage: run.usage, final: true }),
      event_type: 'interaction.completed',
    },
    visibleAfter: visible,
  });
  frames.push({ kind: 'done', event: 'done', data: '[DONE]', visibleAfter: visible });
  if (run.background) {
    frames.forEach((frame, i) => {
      if (frame.data !== '[DONE]') frame.data = { ...frame.data, event_id: eventId(run.id, i) };
    });
  }
  return frames;
}

/** An opaque, per-interaction resume point. */
export function eventId(interactionId: string, index: number): string {
  return `evt_${interactionId.slice(-6)}_${index}`;
}

/** One frame on the wire. */
export function encodeEvent(frame: EventFrame): string {
  const data = frame.data === '[DONE]' ? '[DONE]' : JSON.stringify(frame.data);
  return `event: ${frame.event}\ndata: ${data}\n\n`;
}
