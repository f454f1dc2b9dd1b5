import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_OVERLAP, overlapLength, SeamJoiner } from './seam.js';

function join(sent: string, pieces: string[]): string {
  const joiner = new SeamJoiner(sent);
  return sent + pieces.map((piece) => joiner.push(piece)).join('') + joiner.flush();
}

describe('seam overlap', () => {
  const sent =
    'Gemini streams answers in chunks. 长的回答有时会中断，然后继续。 Emoji 🙂 and **Markdown** survive';

  it('removes a repeated tail of any length from the minimum up to a paragraph', () => {
    const rest = ' the seam, exactly once.';
    for (const n of [MIN_OVERLAP, 10, 25, 40, 60, sent.length]) {
      expect(join(sent, [sent.slice(-n) + rest])).toBe(sent + rest);
    }
  });

  it('passes a continuation that repeats nothing', () => {
    expect(join(sent, [' the seam.'])).toBe(`${sent} the seam.`);
  });

  it('removes a restarted word, even a short one', () => {
    expect(join('Hello wor', ['world, how are you?'])).toBe('Hello world, how are you?');
    expect(join('It is **bo', ['**bold** text'])).toBe('It is **bold** text');
    expect(join('the cat sa', ['sat on the mat.'])).toBe('the cat sat on the mat.');
  });

  it('keeps text that merely looks like a restart', () => {
    expect(join('ha', ['ha, then'])).toBe('haha, then');
    expect(join('costs 1', ['1 dollars'])).toBe('costs 11 dollars');
    expect(join('Me l', ['lamo'])).toBe('Me llamo');
  });

  it('removes nothing where text repeats itself: the model may have continued correctly', () => {
    expect(join('-'.repeat(16), ['-'.repeat(16) + '\n'])).toBe('-'.repeat(32) + '\n');
    expect(join('1000000000', ['0000000000;'])).toBe('10000000000000000000;');
    expect(join('na na na na n', ['a na na na na, hey'])).toBe('na na na na na na na na na, hey');
  });

  it('keeps short CJK repeats inside a clause: they are as likely meant as repeated', () => {
    expect(join('我们说哈哈', ['哈哈，真好笑。'])).toBe('我们说哈哈哈哈，真好笑。');
    expect(overlapLength('今天我们', '我们的计划')).toBe(0);
  });

  it('removes a short CJK repeat that restarts a clause', () => {
    expect(join('需要考虑三点：首先是成本，其次是', ['其次是时间，最后是风险。'])).toBe(
      '需要考虑三点：首先是成本，其次是时间，最后是风险。',
    );
    expect(join('第一段。\n我们', ['我们的计划如下'])).toBe('第一段。\n我们的计划如下');
    expect(join('彼は「東京タワ', ['東京タワーへ行った」'])).toBe('彼は「東京タワーへ行った」');
  });

  it('keeps a clause-start repeat when the continuation does not go on with it', () => {
    // "其次" then punctuation: the model may have meant the repeat as its own clause.
    expect(join('首先是成本，其次', ['其次，时间'])).toBe('首先是成本，其次其次，时间');
    // One character is never enough.
    expect(join('首先，是', ['是的'])).toBe('首先，是是的');
  });

  it('treats Korean, written with spaces, like Latin: a restarted word of two or more syllables goes', () => {
    expect(join('오늘은 날씨가 좋습', ['좋습니다.'])).toBe('오늘은 날씨가 좋습니다.');
    expect(join('오늘은 날씨가 좋', ['좋은 편'])).toBe('오늘은 날씨가 좋좋은 편');
  });

  it('keeps a short overlap that does not start a word', () => {
    expect(join('Version 1.2', ['2 is out.'])).toBe('Version 1.22 is out.');
  });

  it('removes a long CJK repeat', () => {
    const cjk = '我们今天讨论的是流式传输的中断问题';
    expect(join(cjk, [cjk.slice(-10) + '以及如何恢复。'])).toBe(`${cjk}以及如何恢复。`);
  });

  it('holds back only while the continuation could still be a repeat', () => {
    const joiner = new SeamJoiner('one two three four five six');
    expect(joiner.push('four ')).toBe('');
    expect(joiner.push('five six seven')).toBe(' seven');
    expect(joiner.push(' eight')).toBe(' eight');
    const fresh = new SeamJoiner('one two three four five six');
    expect(fresh.push('Seven')).toBe('Seven');
  });

  it('never splits an emoji or leaves a lone surrogate', () => {
    const text = 'emoji 🙂🙂🙂 run';
    expect(join(text, ['🙂🙂 run and more'])).toBe('emoji 🙂🙂🙂 run and more');
  });

  it('whatever the chunking, an exact repeat of at least the minimum is removed, unless the seam is ambiguous', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 20, maxLength: 200, unit: 'grapheme' }),
        fc.integer({ min: MIN_OVERLAP, max: 200 }),
        fc.string({ minLength: 1, maxLength: 50, unit: 'grapheme' }),
        fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 20 }),
        (sentRaw, n, restRaw, cuts) => {
          const sent = `start ${sentRaw}`;
          const rest = `|${restRaw}`; // a fresh character: the seam is unambiguous
          const overlap = sent.slice(-Math.min(n, sent.length));
          const continuation = overlap + rest;
          const pieces: string[] = [];
          let at = 0;
          for (const cut of cuts) {
            if (at >= continuation.length) break;
            pieces.push(continuation.slice(at, at + cut));
            at += cut;
          }
          pieces.push(continuation.slice(at));
          const joined = join(sent, pieces);
          // Ambiguous: more than one overlap length of at least the minimum fits (periodic text).
          let fits = 0;
          for (let k = MIN_OVERLAP; k <= Math.min(sent.length, continuation.length, 600); k++) {
            if (sent.endsWith(continuation.slice(0, k))) fits++;
          }
          return fits > 1 ? joined === sent + continuation : joined === sent + rest;
        },
      ),
      { numRuns: 300 },
    );
  });
});
