import type { Content, Part } from '../../proxy/gemini/types.js';
import type { ImageInfo } from './answers.js';

/** Reading a conversation the way the emulator's "model" does: what was asked, what was already said. */

export function isUserTurn(c: Content | undefined): boolean {
  return c !== undefined && (c.role === undefined || c.role === 'user');
}

export function isModelTurn(c: Content | undefined): boolean {
  return c?.role === 'model';
}

function visibleTextParts(parts: readonly Part[]): string[] {
  return parts.filter((p) => typeof p.text === 'string' && p.thought !== true).map((p) => p.text as string);
}

/** The visible text of a model turn (thought parts excluded). */
export function visibleText(c: Content): string {
  return visibleTextParts(c.parts ?? []).join('');
}

/**
 * The prompt: the last user turn's text parts joined by newlines. A turn that only returns function
 * results is described by those results, so a tool loop still gets a deterministic answer.
 */
export function promptOf(contents: readonly Content[]): string {
  const last = [...contents].reverse().find(isUserTurn);
  if (!last) return '';
  const texts = visibleTextParts(last.parts ?? []);
  if (texts.length > 0) return texts.join('\n');
  return (last.parts ?? [])
    .filter((p) => p.functionResponse)
    .map(
      (p) => `functionResponse ${p.functionResponse?.name}: ${JSON.stringify(p.functionResponse?.response)}`,
    )
    .join('\n');
}

/** Inline images in the last user turn, with their decoded sizes. */
export function imagesOf(contents: readonly Content[]): ImageInfo[] {
  const last = [...contents].reverse().find(isUserTurn);
  return (last?.parts ?? [])
    .filter((p) => p.inlineData && p.inlineData.mimeType.startsWith('image/'))
    .map((p) => ({
      mimeType: p.inlineData?.mimeType ?? '',
      bytes: Buffer.from(p.inlineData?.data ?? '', 'base64').length,
    }));
}

export interface Continuation {
  /** The conversation up to and including the user turn being answered. */
  base: Content[];
  /** What the model already said in reply to it (the model turns after it, concatenated). */
  said: string;
  /** The whole answer that `said` is the beginning of. */
  full: string;
}

/**
 * Recognises a request to continue a cut answer: the contents end with
 * (…, user U, model M1, user C1, …, model Mk, user Ck) where M1…Mk together are a non-empty prefix of
 * the full answer to U that leaves something to say. Model turns holding the whole answer are a
 * conversation that moved on (a second question after the first was answered, as a client replaying
 * its history sends), and the last user turn is answered. The nearest candidate U is tried first. `fullAnswers` lists the answers the
 * emulator gives, or gave, to a conversation ending in U (a continuation may be sent without the
 * settings, such as a response schema, that shaped the first answer).
 */
export function findContinuation(
  contents: readonly Content[],
  fullAnswers: (base: Content[]) => string[],
): Continuation | undefined {
  const n = contents.length;
  if (n < 3 || !isUserTurn(contents[n - 1])) return undefined;
  const saidParts: string[] = [];
  for (let u = n - 3; u >= 0; u -= 2) {
    const model = contents[u + 1];
    const next = contents[u + 2];
    if (!model || !isModelTurn(model) || !isUserTurn(next)) return undefined;
    if ((model.parts ?? []).some((p) => p.functionCall)) return undefined;
    saidParts.unshift(visibleText(model));
    const userTurn = contents[u];
    if (!isUserTurn(userTurn)) return undefined;
    const said = saidParts.join('');
    if (said.length > 0) {
      const base = contents.slice(0, u + 1);
      const full = fullAnswers(base).find((answer) => answer.length > said.length && answer.startsWith(said));
      if (full !== undefined) return { base, said, full };
    }
  }
  return undefined;
}
