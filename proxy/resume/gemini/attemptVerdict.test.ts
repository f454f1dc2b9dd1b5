import { describe, expect, it } from 'vitest';
import type { StreamEnd } from '../../upstream/sseFrameReader.js';
import { causeOfEnd } from '../resumeCause.js';
import { attemptVerdict, type AttemptFacts, type AttemptFinish } from './attemptVerdict.js';

const ended: StreamEnd = { kind: 'ended' };
const facts = (finish?: AttemptFinish, saw: Partial<AttemptFacts> = {}): AttemptFacts => ({
  finish,
  sawThoughts: false,
  sawVisible: true,
  ...saw,
});

describe('resume cause: how an attempt that ran to its end leaves the answer', () => {
  it.each([
    ['STOP after text', facts({ reason: 'STOP', cls: 'complete' }), false, 'complete', 'STOP'],
    ['MAX_TOKENS', facts({ reason: 'MAX_TOKENS', cls: 'complete' }), false, 'complete', 'MAX_TOKENS'],
    ['a safety stop', facts({ reason: 'SAFETY', cls: 'policy' }), false, 'policy-stop', 'SAFETY'],
    ['OTHER', facts({ reason: 'OTHER', cls: 'policy' }), false, 'policy-stop', 'OTHER'],
    ['STOP after a function call', facts({ reason: 'STOP', cls: 'complete' }), true, 'tool-call', 'STOP'],
  ] as const)('%s is final', (_name, attempt, toolCallSent, outcome, finishReason) => {
    expect(attemptVerdict(ended, attempt, toolCallSent)).toEqual({ outcome, finishReason });
  });

  it('a cut right after a complete function call ends the answer with STOP of its own, never continued', () => {
    expect(attemptVerdict({ kind: 'transport-error', message: 'reset' }, facts(), true)).toEqual({
      outcome: 'tool-call',
      finishReason: 'STOP',
      sendFinish: true,
    });
  });

  it.each([
    [
      'a malformed function call',
      facts({ reason: 'MALFORMED_FUNCTION_CALL', cls: 'retry' }),
      'malformed-function-call',
    ],
    [
      'STOP with thoughts only',
      facts({ reason: 'STOP', cls: 'retry' }, { sawThoughts: true, sawVisible: false }),
      'thoughts-only',
    ],
    ['STOP with nothing', facts({ reason: 'STOP', cls: 'retry' }, { sawVisible: false }), 'empty'],
    [
      'a malformed function call after thoughts alone',
      facts({ reason: 'MALFORMED_FUNCTION_CALL', cls: 'retry' }, { sawThoughts: true, sawVisible: false }),
      'malformed-function-call',
    ],
  ] as const)('%s is retried (%s)', (_name, attempt, cause) => {
    expect(attemptVerdict(ended, attempt, false)).toEqual({ cause });
  });

  it.each([
    [{ kind: 'ended' }, 'no-finish-reason'],
    [{ kind: 'frame-cut' }, 'frame-cut'],
    [{ kind: 'transport-error', message: 'socket hang up' }, 'transport-error'],
    [{ kind: 'stalled', afterMs: 45_000, beforeFirstByte: false }, 'stalled'],
    [
      { kind: 'upstream-error', error: { error: { code: 500, message: 'x', status: 'INTERNAL' } } },
      'upstream-error',
    ],
  ] as const)('a stream that ends %o without a finishReason is cut: %s', (end, cause) => {
    expect(causeOfEnd(end)).toBe(cause);
    expect(attemptVerdict(end, facts(), false)).toEqual({ cause });
  });
});
