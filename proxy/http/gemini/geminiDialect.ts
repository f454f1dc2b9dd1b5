import type { MediaOutput } from '../../gemini/mediaOutput.js';
import type { StreamFrame } from '../../upstream/geminiFrame.js';
import type { GenerationDialect, StreamEncoder } from '../generation/generationDialect.js';
import { countMedia } from '../generation/frameTranslation.js';
import { foldedAnswer } from '../generation/foldedAnswer.js';

/**
 * Gemini's own dialect: frames go out as Gemini wrote them.
 *
 * | asked for                            | the client gets                                                  |
 * | ------------------------------------ | ---------------------------------------------------------------- |
 * | `streamGenerateContent?alt=sse`      | `data: <frame>` and a blank line each; no terminator              |
 * | `streamGenerateContent` without SSE  | one JSON array, written element by element                        |
 * | `generateContent`                    | the frames folded into one answer, as generateContent returns it  |
 * | an answer that cannot be completed   | Google's error object, as a last frame or array element           |
 *
 * Images and speech are priced per unit, so they are counted (`onMedia`) as they go out.
 */
export function geminiDialect(
  sse: boolean,
  onMedia: (media: MediaOutput) => void,
): GenerationDialect<StreamFrame> {
  return {
    stream: () => geminiStreamEncoder(sse, onMedia),
    whole: () =>
      foldedAnswer(
        (answer) => ({ contentType: 'application/json; charset=UTF-8', body: JSON.stringify(answer) }),
        onMedia,
      ),
  };
}

/** A native stream: SSE frames, or, without `alt=sse`, one JSON array. */
export function geminiStreamEncoder(
  sse: boolean,
  onMedia: (media: MediaOutput) => void = () => {},
): StreamEncoder<StreamFrame> {
  let first = true;
  const frame = (json: string) => {
    const out = sse ? `data: ${json}\r\n\r\n` : `${first ? '[' : ',\r\n'}${json}`;
    first = false;
    return out;
  };
  return {
    contentType: sse ? 'text/event-stream' : 'application/json; charset=UTF-8',
    keepAlive: sse,
    // Frames Gemini's own JSON text still describes go out as that text (read with `.json` first:
    // reading `.chunk` would parse a frame that was only skimmed).
    encode: (batch) => {
      let out = '';
      for (const next of batch) {
        countMedia(next, onMedia);
        out += frame(next.json ?? JSON.stringify(next.chunk));
      }
      return out;
    },
    finish: () => (sse ? '' : first ? '[]' : ']'),
    fail: (error) => frame(JSON.stringify(error.toGoogle())) + (sse ? '' : ']'),
  };
}
