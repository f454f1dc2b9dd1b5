import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseDecoder } from '../../proxy/upstream/sseDecoder.js';

/** One SSE line, by kind: a data line (its value), a comment, or a field gemgate ignores. */
type Line = { kind: 'data'; value: string; space: boolean } | { kind: 'comment' | 'other'; value: string };

const lineText = fc.string({ unit: 'grapheme', maxLength: 40 }).map((text) => text.replace(/[\r\n]/g, ''));
const line: fc.Arbitrary<Line> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant('data' as const), value: lineText, space: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('comment' as const), value: lineText }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('other' as const), value: lineText }),
  },
);
const stream = fc.record({
  events: fc.array(fc.array(line, { minLength: 1, maxLength: 4 }), { maxLength: 6 }),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  cuts: fc.array(fc.nat(), { maxLength: 8 }),
});

function encode(lines: Line[], eol: string): string {
  return lines
    .map((l) =>
      l.kind === 'data'
        ? `data:${l.space ? ' ' : ''}${l.value}`
        : l.kind === 'comment'
          ? `:${l.value}`
          : `event: ${l.value}`,
    )
    .map((text) => text + eol)
    .join('');
}

describe('SseDecoder, property-based', () => {
  it('yields exactly the data of each complete event, however the bytes are split', () => {
    fc.assert(
      fc.property(stream, ({ events, eol, cuts }) => {
        const text = events.map((lines) => encode(lines, eol) + eol).join('');
        const bytes = new TextEncoder().encode(text);
        const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
        const decoder = new SseDecoder();
        const got: string[] = [];
        let from = 0;
        for (const point of [...points, bytes.length]) {
          got.push(...decoder.push(bytes.slice(from, point)));
          from = point;
        }
        const end = decoder.end();
        got.push(...end.events);
        const expected = events
          .map((lines) => lines.filter((l) => l.kind === 'data'))
          .filter((data) => data.length > 0)
          .map((data) =>
            data
              .map((l) =>
                l.kind === 'data' && !l.space && l.value.startsWith(' ') ? l.value.slice(1) : l.value,
              )
              .join('\n'),
          );
        expect(got).toEqual(expected);
        expect(end.incomplete).toBe('');
      }),
      { numRuns: 400 },
    );
  });

  it('reports an unterminated last event as incomplete instead of yielding it', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 3 }),
        fc.constantFrom('\n', '\r\n'),
        (lines, eol) => {
          const decoder = new SseDecoder();
          const events = decoder.push(new TextEncoder().encode(`${encode(lines, eol)}data: {"cut`));
          const end = decoder.end();
          expect([...events, ...end.events]).toEqual([]);
          expect(end.incomplete.endsWith('{"cut')).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });
});
