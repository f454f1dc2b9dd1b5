import type { GenerateContentRequest } from '../../proxy/gemini/types.js';
import type { AnswerMatch, ScriptedAnswer } from './types.js';

/** Answers set by tests. The most recent matching entry wins, so a test can override an earlier one. */
export class AnswerBook {
  private entries: Array<{ match: AnswerMatch; answer: ScriptedAnswer }> = [];

  add(match: AnswerMatch, answer: ScriptedAnswer): void {
    this.entries.push({ match, answer: structuredClone(answer) });
  }

  clear(): void {
    this.entries = [];
  }

  /** A string matches the prompt exactly; a RegExp is tested against it; a function sees the request. */
  find(req: GenerateContentRequest, prompt: string): ScriptedAnswer | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (!entry) continue;
      const { match, answer } = entry;
      if (
        typeof match === 'string'
          ? match === prompt
          : match instanceof RegExp
            ? test(match, prompt)
            : match(req)
      ) {
        return answer;
      }
    }
    return undefined;
  }
}

function test(re: RegExp, text: string): boolean {
  re.lastIndex = 0; // a /g or /y expression keeps state between calls
  return re.test(text);
}
