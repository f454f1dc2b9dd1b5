import type { GenerateContentRequest } from '../../proxy/gemini/types.js';
import type { AnswerMatch, ScriptedAnswer } from './types.js';

/** Answers set by tests. The most recent matching entry wins, so a test can override an earlier one. */
export class AnswerBook {
  private entries: Array<{ match: AnswerMatch; answer: ScriptedAnswer }> = [];
  /** Answers already given, by prompt: a model asked to continue sees its own words and goes on with them. */
  private readonly given = new Map<string, string[]>();

  remember(prompt: string, text: string): void {
    if (!text) return;
    const texts = (this.given.get(prompt) ?? []).filter((known) => known !== text);
    this.given.set(prompt, [text, ...texts].slice(0, 8));
    if (this.given.size > 500) this.given.delete(this.given.keys().next().value!);
  }

  givenFor(prompt: string): string[] {
    return this.given.get(prompt) ?? [];
  }

  add(match: AnswerMatch, answer: ScriptedAnswer): void {
    this.entries.push({ match, answer: structuredClone(answer) });
  }

  clear(): void {
    this.entries = [];
    this.given.clear();
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
