import type { GenerateContentResponse } from '../gemini/types.js';
import { isGoogleErrorBody } from './classifyOutcome.js';
import { skimFrame, type PlainText } from './skimFrame.js';
import type { PayloadParser } from './sseFrameReader.js';

/**
 * One chunk of Gemini's stream, as every layer above sees it. `json` is the JSON text Gemini sent,
 * as long as the frame is still exactly that, so that a frame passed on unchanged need not be
 * encoded again. A frame of plain text (`plain`, see skimFrame) was skimmed rather than parsed: its
 * `chunk` is parsed the first time it is read, and readers on the hot path use `plain` instead
 * (http/frameTranslation.ts is the one place dialects tell the two apart).
 */
export interface StreamFrame {
  readonly chunk: GenerateContentResponse;
  readonly json?: string;
  readonly plain?: PlainText;
}

/**
 * Reads Gemini's `alt=sse` payloads: a frame of plain text is skimmed (a third of a parse), any
 * other is parsed; an error object inside the stream ends it (`upstream-error`, Google's body), and
 * so does anything that is not a JSON object (`frame-cut`). `parseEveryFrame` skims none: the
 * reference the skim is held to, and the benchmarks' switch.
 */
export function geminiPayloads(parseEveryFrame = false): PayloadParser<StreamFrame> {
  return (json, into) => {
    const skimmed = parseEveryFrame ? undefined : skimFrame(json);
    if (skimmed) {
      into.push(skimmed);
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      return { kind: 'frame-cut' };
    }
    if (typeof parsed !== 'object' || parsed === null) return { kind: 'frame-cut' };
    if (isGoogleErrorBody(parsed)) return { kind: 'upstream-error', error: parsed };
    into.push({ chunk: parsed as GenerateContentResponse, json });
    return undefined;
  };
}
