import { describe, expect, it } from 'vitest';
import { FunctionNames, geminiFunctionName } from './functionNames.js';

const LONG = 'mcp__playwright__browser_navigate_to_the_page_and_wait_until_the_network_is_idle';

describe('geminiFunctionName', () => {
  it.each([
    ['a name Gemini takes', 'Bash', 'Bash'],
    ['MCP names within 64', 'mcp__github__create_issue', 'mcp__github__create_issue'],
    [
      'past 64 characters: 55 of them, _, a hash',
      LONG,
      'mcp__playwright__browser_navigate_to_the_page_and_wait__732ec67a',
    ],
    ['a digit first', '3d_render', '_3d_render_81d5d540'],
    ['characters Gemini refuses', 'web search!', 'web_search__79531a0e'],
  ])('%s', (_name, name, expected) => {
    const gemini = geminiFunctionName(name);
    expect(gemini).toBe(expected);
    expect(gemini).toMatch(/^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/);
  });

  it('two long names that share their start stay two names', () => {
    expect(geminiFunctionName(`${LONG}_a`)).not.toBe(geminiFunctionName(`${LONG}_b`));
  });

  it('is the same every time, so history matches its declarations', () => {
    expect(geminiFunctionName(LONG)).toBe(geminiFunctionName(LONG));
  });
});

describe('FunctionNames', () => {
  it("names Gemini's calls back as the client declared them; unknown names pass as they are", () => {
    const names = new FunctionNames(['Bash', LONG]);
    expect(names.toClient(geminiFunctionName(LONG))).toBe(LONG);
    expect(names.toClient('Bash')).toBe('Bash');
    expect(names.toClient('other')).toBe('other');
  });
});
