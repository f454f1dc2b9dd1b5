import { createHash } from 'node:crypto';
import type { Content } from '../../proxy/gemini/types.js';
import { outputSteps, snapshot, type EventFrame, type InteractionRun } from './interaction-events.js';
import { contentsOf, type Step } from './interaction-steps.js';

/**
 * Stored interactions, per project: what `store: true` (the default) keeps for
 * `previous_interaction_id`, `GET`, `DELETE` and `cancel`
 * (ai.google.dev/gemini-api/docs/interactions: "Interactions are stored by default"; a stored
 * interaction holds its input steps too, though create answers only the model's). An interaction
 * belongs to the project whose key created it: through a key of any other project it does not exist
 * (404 not_found), as for Veo's operations and the Files API.
 *
 * Retention: ai.google.dev keeps interactions 55 days on the paid tier and 1 day on the free tier; the
 * emulator keeps the paid tier's 55 days, on its clock.
 *
 * Background runs (`background: true`, ai.google.dev/gemini-api/docs/background-execution) answer at
 * once with `in_progress`; the emulator lets the first `backgroundPolls` GETs find them still running,
 * and the next one finished. A foreground stream that is cut leaves the interaction as far as it got,
 * `failed`: what Google keeps of a stream its client lost is not documented, and gemgate must not rely
 * on it. A background run goes on without its client.
 */
export const INTERACTION_RETENTION_MS = 55 * 24 * 3600_000;

export interface StoredInteraction {
  /** The finished answer (status, steps, usage) this interaction has, or will have once it runs. */
  run: InteractionRun;
  projectId: string;
  /** The input as sent (`include_input`), and as steps. */
  input: unknown;
  inputSteps: Step[];
  /** `in_progress` while a background run goes on, then the run's own status (or `cancelled`). */
  status: string;
  /** Every event of the run, for `GET …?stream=true` (replayed after `last_event_id`). */
  events: EventFrame[];
  /** GETs that will still find a background run in progress. */
  pollsLeft: number;
  expiresAt: number;
}

export class InteractionBook {
  private readonly stored = new Map<string, StoredInteraction>();
  private counter = 0;

  constructor(private readonly now: () => number) {}

  /** A new id, shaped like Google's (`v1_…`); deterministic within a run of the emulator. */
  newId(): string {
    const digest = createHash('sha256').update(`interaction:${++this.counter}`).digest('base64url');
    return `v1_${digest.slice(0, 38)}`;
  }

  put(record: Omit<StoredInteraction, 'expiresAt'>): StoredInteraction {
    const stored = { ...record, expiresAt: this.now() + INTERACTION_RETENTION_MS };
    this.stored.set(record.run.id, stored);
    return stored;
  }

  /** The interaction if this project has it (not deleted, not expired). */
  find(id: string, projectId: string): StoredInteraction | undefined {
    const record = this.stored.get(id);
    if (!record || record.projectId !== projectId) return undefined;
    if (record.expiresAt <= this.now()) {
      this.stored.delete(id);
      return undefined;
    }
    return record;
  }

  delete(id: string, projectId: string): boolean {
    return this.find(id, projectId) !== undefined && this.stored.delete(id);
  }

  /**
   * The conversation that `previous_interaction_id` stands for: every stored turn of the chain,
   * oldest first, its input and its output; undefined when a link is missing for this project.
   */
  conversation(previousId: string, projectId: string): Content[] | undefined {
    const steps: Step[][] = [];
    let next: string | undefined = previousId;
    while (next !== undefined) {
      const record = this.find(next, projectId);
      if (!record || steps.length > 10_000) return undefined;
      steps.unshift([...record.inputSteps, ...this.outputOf(record)]);
      next = record.run.previousId;
    }
    return contentsOf(steps.flat());
  }

  /** What a GET sees, counting it as a poll of a background run. */
  poll(record: StoredInteraction, includeInput: boolean): Record<string, unknown> {
    if (record.status === 'in_progress') {
      if (record.pollsLeft > 0) record.pollsLeft--;
      else this.finish(record);
    }
    return this.view(record, includeInput);
  }

  /** A background run told to stop while it runs. */
  cancel(record: StoredInteraction): Record<string, unknown> {
    record.status = 'cancelled';
    record.pollsLeft = 0;
    record.run = { ...record.run, text: '', calls: [], updated: isoSeconds(this.now()) };
    return this.view(record, false);
  }

  /** The run is over: its own status from now on. */
  finish(record: StoredInteraction): void {
    record.status = record.run.status;
    record.pollsLeft = 0;
  }

  view(record: StoredInteraction, includeInput: boolean): Record<string, unknown> {
    const running = record.status === 'in_progress';
    return {
      ...snapshot(record.run, record.status, {
        steps: [...record.inputSteps, ...this.outputOf(record)],
        ...(running ? {} : { usage: record.run.usage, final: true }),
      }),
      ...(includeInput ? { input: record.input } : {}),
    };
  }

  clear(): void {
    this.stored.clear();
    this.counter = 0;
  }

  private outputOf(record: StoredInteraction): Step[] {
    return record.status === 'in_progress' ? [] : outputSteps(record.run);
  }
}

/** ISO 8601 to the second, as the API writes `created` and `updated`. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
