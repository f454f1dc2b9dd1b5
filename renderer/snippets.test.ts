import { describe, expect, it } from 'vitest';
import { SNIPPET_MODEL, TOKEN_PLACEHOLDER, setupSnippets } from './snippets';

const endpoints = { gemini: 'http://192.168.1.5:8787', openai: 'http://192.168.1.5:8787/v1' };
const snippets = setupSnippets(endpoints);

describe('client set-up snippets', () => {
  it('cover the chat apps, the agent CLIs, the SDK frameworks and the Anthropic clients, each once', () => {
    expect(snippets.map((snippet) => snippet.client)).toEqual([
      'Cherry Studio',
      'ChatBox',
      'Roo Code',
      'Codex CLI',
      'Gemini CLI',
      'AI SDK',
      'LangChain',
      'Claude Code',
      'Cherry Studio (Anthropic)',
      'Cline (Anthropic)',
    ]);
  });

  it.each(snippets.map((snippet) => [snippet.client, snippet] as const))(
    '%s: points at this gateway, with the token left for the user to fill in',
    (_client, snippet) => {
      const text = snippet.steps.map((step) => step.value).join('\n');
      expect(text.includes(endpoints.openai) || text.includes(endpoints.gemini)).toBe(true);
      expect(text.includes(TOKEN_PLACEHOLDER) || text.includes('process.env.GEMGATE_API_KEY')).toBe(true);
      expect(text).not.toMatch(/AIza|gg-[A-Za-z0-9]/); // never a real key or token
      expect(new Set(snippet.steps.map((step) => step.label)).size).toBe(snippet.steps.length);
    },
  );

  it('Codex CLI: its own provider on the Responses API, reading the token from the variable it names', () => {
    const [config, env] = snippets.find((snippet) => snippet.client === 'Codex CLI')!.steps;
    expect(config!.value).toContain(`base_url = "${endpoints.openai}"`);
    expect(config!.value).toContain('wire_api = "responses"');
    expect(config!.value).toContain(`model = "${SNIPPET_MODEL}"`);
    expect(env!.value).toBe(`export GEMGATE_API_KEY="${TOKEN_PLACEHOLDER}"`);
  });

  it('Gemini CLI: the base URL and key variables it reads, and API-key sign-in in valid JSON', () => {
    const [env, settings] = snippets.find((snippet) => snippet.client === 'Gemini CLI')!.steps;
    expect(env!.value.split('\n')).toEqual([
      `export GOOGLE_GEMINI_BASE_URL="${endpoints.gemini}"`,
      `export GEMINI_API_KEY="${TOKEN_PLACEHOLDER}"`,
    ]);
    expect(JSON.parse(settings!.value)).toEqual({
      security: { auth: { selectedType: 'gemini-api-key' } },
      model: { name: SNIPPET_MODEL },
    });
  });
});
