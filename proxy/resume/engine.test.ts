import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { OpenedCall } from '../dispatch/failover.js';
import { StreamIncomplete } from '../failures/failures.js';
import type { PayloadParser } from '../upstream/sseFrameReader.js';
import type { AttemptWatch, GenerationPlan } from './family.js';
import type { AttemptMode, GenerationSink, ResumeSettings } from './generation.js';
import { startGeneration } from './engine.js';
import { causeOfEnd, GEMINI_VOCABULARY } from './resumeCause.js';

/**
 * The engine with the smallest family there is: frames are `{"text": …}` payloads, and
 * `{"finish": …}` ends an answer. What the engine itself decides (how many attempts, continue or
 * replay, when to give up, what the client is sent, what is billed) is the same for every family.
 */
type Frame = { text?: string; finish?: string };
type Body = { soFar: string };

const SETTINGS: ResumeSettings = {
  enabled: true,
  maxAttempts: 3,
  firstByteTimeoutMs: 1000,
  stallTimeoutMs: 200,
  continuationThinking: 'least',
};

/** One upstream attempt: the payloads it sends, and whether the connection then breaks. */
type Script = { payloads: Frame[]; breaks?: boolean };

function bodyOf(script: Script): Readable {
  const body = new Readable({ read() {} });
  setImmediate(() => {
    for (const payload of script.payloads) body.push(`data: ${JSON.stringify(payload)}\n\n`);
    // The break comes in a later read, as a reset does: what arrived before it was whole.
    setImmediate(() => (script.breaks ? body.destroy(new Error('reset')) : body.push(null)));
  });
  return body;
}

const payloads: PayloadParser<Frame> = (json, into) => {
  into.push(JSON.parse(json) as Frame);
  return undefined;
};

class TextAttempt implements AttemptWatch<Frame> {
  visibleChars = 0;
  finish: string | undefined;
  readonly seamRemoved = undefined;
  constructor(
    readonly mode: AttemptMode,
    private readonly answer: { text: string },
  ) {}
  get usage() {
    return {
      promptTokenCount: 1,
      candidatesTokenCount: this.visibleChars,
      totalTokenCount: 1 + this.visibleChars,
    };
  }
  get answered() {
    return this.finish !== undefined;
  }
  take(frames: readonly Frame[], out: Frame[]) {
    for (const frame of frames) {
      if (frame.text) {
        this.answer.text += frame.text;
        this.visibleChars += frame.text.length;
      }
      if (frame.finish) this.finish = frame.finish;
      out.push(frame);
    }
  }
  end() {}
}

function plan(scripts: Script[], options: { unresumable?: boolean; opens?: Array<Error | undefined> } = {}) {
  const answer = { text: '' };
  const sent: Body[] = [];
  const toy: GenerationPlan<Body, Frame, TextAttempt> = {
    words: GEMINI_VOCABULARY,
    request: { soFar: '' },
    resumable: true,
    wholeOnly: false,
    payloads: () => payloads,
    open: async (body) => {
      const failure = options.opens?.[sent.length];
      sent.push(body);
      if (failure) throw failure;
      const script = scripts[sent.length - 1] ?? { payloads: [{ text: '.', finish: 'STOP' }] };
      return {
        lease: { keyId: `key-${sent.length}`, projectId: 'p' },
        response: { status: 200, headers: {}, body: bodyOf(script) },
        attempts: [],
        upstreamMs: 0,
      } as unknown as OpenedCall;
    },
    attempt: (mode) => new TextAttempt(mode, answer),
    forget: () => {},
    judge: (end, attempt) => {
      if (attempt.finish) return { outcome: 'complete', finishReason: attempt.finish };
      const cause = causeOfEnd(end);
      return options.unresumable ? { cause, unresumable: new StreamIncomplete('cannot go on') } : { cause };
    },
    next: (_attempt, billed) =>
      (billed?.candidatesTokenCount ?? 0) >= 100
        ? { outcome: 'complete', finishReason: 'MAX_TOKENS', tail: [{ finish: 'MAX_TOKENS' }] }
        : answer.text
          ? { mode: 'continue', body: { soFar: answer.text } }
          : { mode: 'replay', body: { soFar: '' } },
    recordTokens: () => {},
  };
  return { toy, sent, answer };
}

async function run(scripts: Script[], options?: Parameters<typeof plan>[1], settings = SETTINGS) {
  const { toy, sent } = plan(scripts, options);
  const generation = await startGeneration(toy, settings, new AbortController().signal);
  const client: Frame[] = [];
  const sink: GenerationSink<Frame> = {
    write: (batch) => (client.push(...batch), true),
    drained: async () => true,
  };
  const summary = await generation.pipe(sink);
  const text = client.map((frame) => frame.text ?? '').join('');
  return { summary, sent, text, client };
}

describe('the attempt engine, whatever the family', () => {
  it('relays an answer that finishes, in one attempt', async () => {
    const { summary, text, sent } = await run([
      { payloads: [{ text: 'Hello' }, { text: ' world', finish: 'STOP' }] },
    ]);
    expect(text).toBe('Hello world');
    expect(summary).toMatchObject({ outcome: 'complete', finishReason: 'STOP' });
    expect(sent).toHaveLength(1);
  });

  it('continues a cut answer from the text the client holds', async () => {
    const { summary, sent, text } = await run([{ payloads: [{ text: 'Hel' }], breaks: true }]);
    expect(sent.map((body) => body.soFar)).toEqual(['', 'Hel']);
    expect(text).toBe('Hel.');
    expect(summary.attempts.map((a) => [a.mode, a.cause])).toEqual([
      ['first', 'transport-error'],
      ['continue', undefined],
    ]);
  });

  it('replays a request cut before any text', async () => {
    const { sent, summary } = await run([{ payloads: [], breaks: true }]);
    expect(sent.map((body) => body.soFar)).toEqual(['', '']);
    expect(summary.attempts.map((a) => a.mode)).toEqual(['first', 'replay']);
  });

  it('gives up after resume.maxAttempts, saying why', async () => {
    const cut: Script = { payloads: [{ text: 'a' }] };
    const { summary, sent } = await run([cut, cut, cut, cut]);
    expect(sent).toHaveLength(3);
    expect(summary.outcome).toBe('incomplete');
    expect(summary.error?.message).toContain('tried 3 times (resume.maxAttempts)');
  });

  it('tries once when resuming is off', async () => {
    const { summary, sent } = await run([{ payloads: [{ text: 'a' }] }], {}, { ...SETTINGS, enabled: false });
    expect(sent).toHaveLength(1);
    expect(summary.error?.message).toContain('resuming is off');
  });

  it('ends at once when the family says the cut cannot be resumed', async () => {
    const { summary, sent } = await run([{ payloads: [{ text: 'a' }] }], { unresumable: true });
    expect(sent).toHaveLength(1);
    expect(summary).toMatchObject({ outcome: 'incomplete', error: { message: 'cannot go on' } });
  });

  it('ends with the family’s own last frames when the output budget is spent', async () => {
    const { summary, client } = await run([{ payloads: [{ text: 'x'.repeat(120) }] }]);
    expect(summary).toMatchObject({ outcome: 'complete', finishReason: 'MAX_TOKENS' });
    expect(client.at(-1)).toEqual({ finish: 'MAX_TOKENS' });
  });

  it('says why the next attempt could not be opened', async () => {
    const refused = new Error('no key may serve this client');
    const { summary } = await run([{ payloads: [{ text: 'a' }] }], { opens: [undefined, refused] });
    expect(summary.outcome).toBe('incomplete');
    expect(summary.error?.message).toBe(
      "Gemini's stream was cut off and could not be resumed: no key may serve this client",
    );
  });

  it('bills every attempt: the usage of all of them, added up', async () => {
    const { summary } = await run([{ payloads: [{ text: 'abc' }] }]);
    expect(summary.usage).toMatchObject({ promptTokenCount: 2, candidatesTokenCount: 4 });
  });

  it('reads no further while the client is behind', async () => {
    const { toy } = plan([{ payloads: [{ text: 'a' }, { text: 'b', finish: 'STOP' }] }]);
    const generation = await startGeneration(toy, SETTINGS, new AbortController().signal);
    let release: (more: boolean) => void = () => {};
    const writes: Frame[][] = [];
    const sink: GenerationSink<Frame> = {
      write: (batch) => (writes.push(batch), false),
      drained: () => new Promise((resolve) => (release = resolve)),
    };
    const piping = generation.pipe(sink);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = writes.length;
    release(true);
    const summary = await piping;
    expect(before).toBe(1);
    expect(summary.outcome).toBe('complete');
  });
});
