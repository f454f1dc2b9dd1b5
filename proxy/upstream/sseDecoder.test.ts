import { describe, expect, it } from 'vitest';
import { SseDecoder } from './sseDecoder.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('SseDecoder', () => {
  it('yields each data payload of a Gemini-style stream with CRLF separators', () => {
    const decoder = new SseDecoder();
    expect(decoder.push(bytes('data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n'))).toEqual(['{"a":1}', '{"b":2}']);
    expect(decoder.end()).toEqual({ events: [], incomplete: '' });
  });

  it('reassembles an event split anywhere, including inside a multi-byte character', () => {
    const whole = bytes('data: {"text":"你好🙂"}\n\n');
    for (let cut = 1; cut < whole.length; cut++) {
      const decoder = new SseDecoder();
      const events = [...decoder.push(whole.slice(0, cut)), ...decoder.push(whole.slice(cut))];
      expect(events).toEqual(['{"text":"你好🙂"}']);
    }
  });

  it('waits for LF after a CR that ends a read', () => {
    const decoder = new SseDecoder();
    expect(decoder.push(bytes('data: x\r'))).toEqual([]);
    expect(decoder.push(bytes('\n\r\n'))).toEqual(['x']);
  });

  it('ignores comments and other fields, joins multi-line data', () => {
    const decoder = new SseDecoder();
    expect(decoder.push(bytes(': keep-alive\n\nevent: x\nid: 3\ndata: one\ndata: two\n\n'))).toEqual([
      'one\ntwo',
    ]);
  });

  it('reports the half-written event when the bytes stop mid-frame', () => {
    const decoder = new SseDecoder();
    expect(decoder.push(bytes('data: {"a":1}\r\n\r\ndata: {"b":'))).toEqual(['{"a":1}']);
    expect(decoder.end()).toEqual({ events: [], incomplete: 'data: {"b":' });
  });

  it('completes an event whose blank line never came but whose line did end', () => {
    const decoder = new SseDecoder();
    decoder.push(bytes('data: {"a":1}\r\n'));
    expect(decoder.end()).toEqual({ events: [], incomplete: '{"a":1}' });
  });
});
