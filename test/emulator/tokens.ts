import type { Content, GenerateContentRequest, Part, Tool } from '../../proxy/gemini/types.js';

/**
 * The emulator's tokenizer: not Gemini's, but deterministic and documented so tests can predict it.
 *
 * Rule (text):
 *   - every character at or above U+2000 (CJK ideographs, kana, hangul, full-width forms, emoji,
 *     dingbats, arrows…) is one token;
 *   - every maximal run of characters below U+2000 (ASCII, Latin, Greek, Cyrillic…) is
 *     ceil(run length / 4) tokens — the usual "about four characters per token" for Latin text.
 * Rule (other parts):
 *   - inlineData / fileData: 258 tokens each, Gemini's documented cost of one image up to 384 px
 *     (https://ai.google.dev/gemini-api/docs/tokens), whatever the media;
 *   - functionCall / functionResponse / executableCode / codeExecutionResult: the text rule applied to
 *     their JSON; thoughtSignature never counts.
 * A prompt is contents + systemInstruction + tools (function declarations as JSON), which is what
 * usageMetadata.promptTokenCount reports and what countTokens returns for the same request.
 */

export type Modality = 'TEXT' | 'IMAGE' | 'AUDIO' | 'VIDEO' | 'DOCUMENT';

export const MEDIA_PART_TOKENS = 258;

export function countTextTokens(text: string): number {
  let tokens = 0;
  let run = 0;
  for (const ch of text) {
    if ((ch.codePointAt(0) ?? 0) >= 0x2000) {
      tokens += Math.ceil(run / 4) + 1;
      run = 0;
    } else {
      run++;
    }
  }
  return tokens + Math.ceil(run / 4);
}

function modalityOf(mimeType: string | undefined): Modality {
  const top = (mimeType ?? '').split('/')[0];
  if (top === 'image') return 'IMAGE';
  if (top === 'audio') return 'AUDIO';
  if (top === 'video') return 'VIDEO';
  return 'DOCUMENT';
}

/** Tokens per modality, so promptTokensDetails can be reported the way Gemini does. */
export class TokenTally {
  private readonly byModality = new Map<Modality, number>();

  add(modality: Modality, tokens: number): void {
    if (tokens > 0) this.byModality.set(modality, (this.byModality.get(modality) ?? 0) + tokens);
  }

  addPart(part: Part): void {
    if (typeof part.text === 'string') this.add('TEXT', countTextTokens(part.text));
    if (part.inlineData) this.add(modalityOf(part.inlineData.mimeType), MEDIA_PART_TOKENS);
    if (part.fileData) this.add(modalityOf(part.fileData.mimeType), MEDIA_PART_TOKENS);
    for (const key of [
      'functionCall',
      'functionResponse',
      'executableCode',
      'codeExecutionResult',
    ] as const) {
      if (part[key] !== undefined) this.add('TEXT', countTextTokens(JSON.stringify(part[key])));
    }
  }

  addContent(content: Content | undefined): void {
    for (const part of content?.parts ?? []) this.addPart(part);
  }

  addTools(tools: readonly Tool[] | undefined): void {
    for (const tool of tools ?? []) {
      for (const decl of tool.functionDeclarations ?? [])
        this.add('TEXT', countTextTokens(JSON.stringify(decl)));
    }
  }

  get total(): number {
    let sum = 0;
    for (const n of this.byModality.values()) sum += n;
    return sum;
  }

  /** Gemini's ModalityTokenCount list (https://ai.google.dev/api/generate-content#ModalityTokenCount). */
  details(): Array<{ modality: Modality; tokenCount: number }> {
    const order: Modality[] = ['TEXT', 'IMAGE', 'AUDIO', 'VIDEO', 'DOCUMENT'];
    return order
      .filter((m) => this.byModality.has(m))
      .map((modality) => ({ modality, tokenCount: this.byModality.get(modality) ?? 0 }));
  }
}

export function tallyContents(contents: readonly Content[]): TokenTally {
  const tally = new TokenTally();
  for (const c of contents) tally.addContent(c);
  return tally;
}

/** What promptTokenCount reports for a generateContent request (and countTokens for the same request). */
export function tallyRequest(req: GenerateContentRequest): TokenTally {
  const tally = tallyContents(req.contents ?? []);
  tally.addContent(req.systemInstruction);
  tally.addTools(req.tools);
  return tally;
}
