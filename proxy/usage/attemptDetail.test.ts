import { describe, expect, it } from 'vitest';
import { attemptDetailOf, parseAttemptDetail } from './attemptDetail.js';

const projects: Record<string, string> = { key_a: 'prj_a', key_b: 'prj_b' };
const projectOf = (id: string) => projects[id] ?? null;
const usage = { promptTokenCount: 10, candidatesTokenCount: 4 };

describe("a logged request's calls", () => {
  it('keeps a single answering call, with its project and how it ended', () => {
    expect(
      attemptDetailOf(
        { attempts: [{ keyId: 'key_a', mode: 'first', usage }], finishReason: 'STOP' },
        projectOf,
      ),
    ).toEqual([
      {
        keyId: 'key_a',
        projectId: 'prj_a',
        mode: 'first',
        finishReason: 'STOP',
        usage: { prompt: 10, cached: 0, toolPrompt: 0, candidates: 4, thoughts: 0 },
      },
    ]);
  });

  it('says why each resumed call stopped and how much of a seam was removed; the finish reason goes on the last', () => {
    const detail = attemptDetailOf(
      {
        attempts: [
          { keyId: 'key_a', mode: 'first', cause: 'stalled' },
          { keyId: 'key_b', mode: 'continue', seamRemoved: 12 },
        ],
        finishReason: 'STOP',
      },
      projectOf,
    );
    expect(detail).toEqual([
      { keyId: 'key_a', projectId: 'prj_a', mode: 'first', cause: 'stalled' },
      { keyId: 'key_b', projectId: 'prj_b', mode: 'continue', finishReason: 'STOP', seamRemoved: 12 },
    ]);
  });

  it('lists the keys a failed request asked, with what each answered, after any answering call', () => {
    expect(
      attemptDetailOf(
        {
          tried: [
            { keyId: 'key_a', status: 429, failure: 'rate-limited' },
            { keyId: 'key_gone', status: 'network', failure: 'upstream-unavailable' },
          ],
        },
        projectOf,
      ),
    ).toEqual([
      { keyId: 'key_a', projectId: 'prj_a', mode: 'failover', status: 429, failure: 'rate-limited' },
      {
        keyId: 'key_gone',
        projectId: null,
        mode: 'failover',
        status: 'network',
        failure: 'upstream-unavailable',
      },
    ]);
  });

  it('has nothing to keep for a request refused before any call', () => {
    expect(attemptDetailOf({}, projectOf)).toEqual([]);
  });
});

describe('the column read back', () => {
  it('reads what was written', () => {
    const written = attemptDetailOf({ attempts: [{ keyId: 'key_a', mode: 'first' }] }, projectOf);
    expect(parseAttemptDetail(JSON.stringify(written))).toEqual(written);
  });

  it('reads rows of older versions, which kept resumed calls only and no project', () => {
    expect(
      parseAttemptDetail(
        '[{"keyId":"key_a","mode":"first","cause":"frame-cut"},{"keyId":"key_a","mode":"continue"}]',
      ),
    ).toEqual([
      { keyId: 'key_a', projectId: null, mode: 'first', cause: 'frame-cut' },
      { keyId: 'key_a', projectId: null, mode: 'continue' },
    ]);
  });

  it('reads nothing from an empty column or one that is not a list of calls', () => {
    for (const column of [null, '', 'not json', '{"keyId":"x"}', '[1, null, {"mode":"first"}]']) {
      expect(parseAttemptDetail(column)).toEqual([]);
    }
  });
});
