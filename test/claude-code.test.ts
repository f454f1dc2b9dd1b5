import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness.js';

/**
 * Claude Code itself (the native binary npm ships in `@anthropic-ai/claude-code`), in `-p` mode,
 * pointed at gemgate in front of the emulator, through a tool call: the model asks to write a file,
 * Claude Code writes it and sends the result back, the model answers; and through its WebSearch
 * tool, which asks the API on its own with Anthropic's web search tool and reads the pages found from
 * the answer's web_search_tool_result block. Skipped, saying why, where the binary is not installed
 * (GEMGATE_CLAUDE_CODE names one elsewhere).
 */
function claudeCodeBinary(): string | undefined {
  const named = process.env.GEMGATE_CLAUDE_CODE;
  if (named) return fs.existsSync(named) ? named : undefined;
  const require = createRequire(import.meta.url);
  const platform = `${process.platform}-${process.arch}`;
  for (const candidate of [
    `@anthropic-ai/claude-code-${platform}/claude`,
    '@anthropic-ai/claude-code/bin/claude.exe',
  ]) {
    try {
      const file = require.resolve(candidate);
      // Until its postinstall runs, the wrapper's bin/claude.exe is a small placeholder.
      if (fs.statSync(file).size > 1_000_000) return file;
    } catch {
      // not installed
    }
  }
  return undefined;
}

const binary = claudeCodeBinary();
if (!binary)
  console.log(
    'claude-code.test.ts skipped: no Claude Code binary (npm i -D @anthropic-ai/claude-code, or GEMGATE_CLAUDE_CODE)',
  );

describe.skipIf(!binary)('Claude Code on gemgate', () => {
  let h: Harness;
  let home: string;
  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gemgate-claude-code-'));
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  /** Claude Code in `-p` mode on gemgate, answering in JSON; its home is the test's folder. */
  async function runClaudeCode(args: string[]): Promise<{ result: string; is_error: boolean }> {
    const { stdout } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      execFile(
        binary!,
        [...args, '--model', 'gemini-3-flash-preview', '--output-format', 'json'],
        {
          cwd: home,
          timeout: 120_000,
          env: {
            PATH: process.env.PATH,
            HOME: home,
            ANTHROPIC_BASE_URL: h.url,
            ANTHROPIC_AUTH_TOKEN: h.token,
            CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
            DISABLE_AUTOUPDATER: '1',
          },
        },
        (error, stdout, stderr) =>
          error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr }),
      );
    });
    return JSON.parse(stdout) as { result: string; is_error: boolean };
  }

  it('runs a session with a tool call: writes the file Gemini asked for, and answers', async () => {
    const proof = path.join(home, 'proof.txt');
    h.emulator.setAnswer(/Write the proof file\.$/, {
      thoughts: 'I should write the file with the Write tool.',
      functionCalls: [{ name: 'Write', args: { file_path: proof, content: 'written through gemgate\n' } }],
    });
    h.emulator.setAnswer((req) => JSON.stringify(req.contents).includes('"functionResponse"'), {
      text: 'Done: the proof file is written.',
    });

    const result = await runClaudeCode(['-p', 'Write the proof file.', '--allowedTools', 'Write']);
    expect(result.is_error).toBe(false);
    expect(result.result).toBe('Done: the proof file is written.');
    expect(fs.readFileSync(proof, 'utf8')).toBe('written through gemgate\n');

    // The second turn carried the call with Gemini's own signature, and the tool's result.
    const generations = h.emulator.requests.filter(
      (r) => r.action === 'streamGenerateContent' || r.action === 'generateContent',
    );
    const last = generations.at(-1)!.body as {
      contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
    };
    const call = last.contents.flatMap((c) => c.parts).find((part) => part.functionCall)!;
    expect(call).toMatchObject({ functionCall: { name: 'Write' } });
    expect(call.thoughtSignature).toEqual(expect.any(String));
    expect(call.thoughtSignature).not.toBe('skip_thought_signature_validator');
    expect(last.contents.flatMap((c) => c.parts).some((part) => part.functionResponse)).toBe(true);
  }, 150_000);

  it('runs its WebSearch tool through gemgate: the links Google Search grounded the answer on reach the model', async () => {
    const source = {
      uri: 'https://vertexaisearch.cloud.google.com/grounding-api-redirect/gemgate-news',
      title: 'gemgate.example',
    };
    h.emulator.setAnswer(/Search the web for gemgate news\.$/, {
      functionCalls: [{ name: 'WebSearch', args: { query: 'gemgate news' } }],
    });
    // Claude Code's WebSearch tool asks the API on its own, with only Anthropic's web search tool.
    h.emulator.setAnswer((req) => JSON.stringify(req.tools ?? []).includes('googleSearch'), {
      text: 'gemgate shipped a new release.',
      grounding: { queries: ['gemgate news'], sources: [source] },
    });
    h.emulator.setAnswer(
      (req) =>
        JSON.stringify(req.contents).includes('"functionResponse"') &&
        !JSON.stringify(req.tools ?? []).includes('googleSearch'),
      { text: 'Searched: gemgate shipped a new release.' },
    );
    const result = await runClaudeCode([
      '-p',
      'Search the web for gemgate news.',
      '--allowedTools',
      'WebSearch',
    ]);
    expect(result.is_error).toBe(false);
    expect(result.result).toBe('Searched: gemgate shipped a new release.');
    const generations = h.emulator.requests.filter(
      (r) => r.action === 'streamGenerateContent' || r.action === 'generateContent',
    );
    const last = generations.at(-1)!.body as { contents: unknown };
    expect(JSON.stringify(last.contents)).toContain(source.uri);
  }, 150_000);
});
