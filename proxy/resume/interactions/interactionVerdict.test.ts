import { describe, expect, it } from 'vitest';
import { interactionVerdict, type InteractionAttemptFacts } from './interactionVerdict.js';
import type { InteractionFinish } from './interactionAttempt.js';

const facts = (
  finish?: InteractionFinish,
  saw: Partial<InteractionAttemptFacts> = {},
): InteractionAttemptFacts => ({
  finish,
  sawThoughts: false,
  sawVisible: true,
  ...saw,
});
const done = { kind: 'done' } as const;

describe('how one attempt at a streamed interaction leaves the answer', () => {
  it.each([
    ['completed', 'complete'],
    ['incomplete', 'complete'],
    ['budget_exceeded', 'complete'],
    ['cancelled', 'complete'],
    ['requires_continuation', 'complete'],
    ['requires_action', 'tool-call'],
    ['failed', 'policy-stop'],
  ] as const)('an interaction %s is final: %s', (status, outcome) => {
    expect(interactionVerdict(done, facts({ status, empty: false }), false)).toEqual({
      outcome,
      finishReason: status,
    });
  });

  it('a completion after a function call is a tool call', () => {
    expect(interactionVerdict(done, facts({ status: 'completed', empty: false }), true)).toEqual({
      outcome: 'tool-call',
      finishReason: 'completed',
    });
  });

  it('a cut right after a function call ends the answer with requires_action of gemgate’s own', () => {
    expect(interactionVerdict({ kind: 'transport-error', message: 'reset' }, facts(), true)).toEqual({
      outcome: 'tool-call',
      finishReason: 'requires_action',
      sendFinish: true,
    });
  });

  it.each([
    ['thinking and nothing else', { sawThoughts: true, sawVisible: false }, 'thoughts-only'],
    ['nothing at all', { sawThoughts: false, sawVisible: false }, 'empty'],
  ] as const)('a completion held back for %s is retried (%s)', (_name, saw, cause) => {
    expect(interactionVerdict(done, facts({ status: 'completed', empty: true }, saw), false)).toEqual({
      cause,
    });
  });

  it.each([
    [{ kind: 'done' }, 'no-finish-reason'],
    [{ kind: 'ended' }, 'no-finish-reason'],
    [{ kind: 'frame-cut' }, 'frame-cut'],
    [{ kind: 'upstream-error', error: { error: { code: 'internal', message: 'boom' } } }, 'upstream-error'],
    [{ kind: 'transport-error', message: 'socket hang up' }, 'transport-error'],
    [{ kind: 'stalled', afterMs: 30_000, beforeFirstByte: false }, 'stalled'],
  ] as const)('a stream without its completion was cut: %o is %s', (end, cause) => {
    expect(interactionVerdict(end, facts(), false)).toEqual({ cause });
  });
});
