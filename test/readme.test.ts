import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../proxy/config/settings.js';
import { REPO_ROOT } from './support/cli.js';
import { setupSnippets } from '../renderer/snippets.js';

describe('README stays true', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

  it('documents every setting', () => {
    for (const name of SETTING_NAMES) expect(readme, name).toContain(`\`${name}\``);
  });

  it('shows the two set-up commands', () => {
    expect(readme).toContain('npx gemgate serve');
    expect(readme).toContain('npm test');
  });

  it("shows the agent CLIs' and SDK frameworks' set-up exactly as the dashboard gives it", () => {
    const snippets = setupSnippets({ gemini: 'http://127.0.0.1:8787', openai: 'http://127.0.0.1:8787/v1' });
    const agents = snippets.filter((snippet) =>
      ['Codex CLI', 'Gemini CLI', 'AI SDK', 'LangChain'].includes(snippet.client),
    );
    expect(agents).toHaveLength(4);
    for (const snippet of agents) {
      for (const step of snippet.steps) {
        // Files and code whole; each environment line as it stands.
        const pieces = step.label === 'Environment' ? step.value.split('\n') : [step.value];
        for (const piece of pieces) expect(readme, `${snippet.client}: ${step.label}`).toContain(piece);
      }
    }
  });
});
