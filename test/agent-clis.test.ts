import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_PLACEHOLDER, setupSnippets, type Snippet } from '../renderer/snippets.js';
import { REPO_ROOT } from './support/cli.js';
import { startHarness, type Harness } from './support/harness.js';

type SentRequest = { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> };

const CODEX = path.join(REPO_ROOT, 'node_modules', '.bin', 'codex');
const GEMINI = path.join(REPO_ROOT, 'node_modules', '@google', 'gemini-cli', 'bundle', 'gemini.js');

/** Runs a command-line client to its end, with only the environment given (plus PATH). */
function run(command: string, args: string[], env: Record<string, string>, cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end();
  });
}

/** `export NAME="value"` lines -> variables, the token placeholder filled in. */
function environmentOf(step: { value: string }, token: string): Record<string, string> {
  return Object.fromEntries(
    step.value.split('\n').map((line) => {
      const [, name, value] = /^export (\w+)="(.*)"$/.exec(line)!;
      return [name!, value!.replace(TOKEN_PLACEHOLDER, token)];
    }),
  );
}

const stepOf = (snippet: Snippet, label: string) => snippet.steps.find((step) => step.label === label)!;

/**
 * The dashboard's and README's set-up snippets, as written, with real clients: Codex CLI and Gemini
 * CLI (their npm packages ship them) run once each against a gateway on the emulator, and the AI SDK
 * and LangChain snippets are imported as code. Each answer must be the emulator's, exactly.
 */
describe('client set-up snippets, run as written', () => {
  let h: Harness;
  let snippets: Snippet[];
  let home: string;
  const generated = () => h.emulator.requests.filter((request) => request.action?.includes('enerateContent'));
  const snippet = (client: string) => snippets.find((entry) => entry.client === client)!;

  beforeAll(async () => {
    h = await startHarness({ accounts: { main: { keys: 1 } } });
    snippets = setupSnippets({ gemini: h.url, openai: `${h.url}/v1` });
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'gemgate-clients-'));
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('Codex CLI in its default configuration answers through the Responses API', async () => {
    const codex = snippet('Codex CLI');
    const codexHome = path.join(home, 'codex');
    fs.mkdirSync(codexHome);
    fs.writeFileSync(path.join(codexHome, 'config.toml'), stepOf(codex, '~/.codex/config.toml').value);
    const before = generated().length;
    const result = await run(
      CODEX,
      ['exec', '--skip-git-repo-check', 'Say hello to gemgate.'],
      { CODEX_HOME: codexHome, HOME: home, ...environmentOf(stepOf(codex, 'Environment'), h.token) },
      home,
    );
    expect(result.code, result.stderr).toBe(0);
    const sent = generated().slice(before);
    expect(sent.length).toBeGreaterThanOrEqual(1);
    const last = sent.at(-1)!;
    expect(last).toMatchObject({ model: 'gemini-2.5-flash', action: 'streamGenerateContent' });
    expect(result.stdout).toContain(h.emulator.expectedAnswer(last.body as never, 'gemini-2.5-flash'));
  });

  it('Gemini CLI answers through the Gemini dialect with the key it was given', async () => {
    const gemini = snippet('Gemini CLI');
    const geminiHome = path.join(home, 'gemini-home');
    fs.mkdirSync(path.join(geminiHome, '.gemini'), { recursive: true });
    fs.writeFileSync(
      path.join(geminiHome, '.gemini', 'settings.json'),
      stepOf(gemini, '~/.gemini/settings.json').value,
    );
    const before = generated().length;
    const result = await run(
      process.execPath,
      [GEMINI, '-p', 'Say hello to gemgate.'],
      {
        HOME: geminiHome,
        // Headless runs only in a trusted folder; a person answers this once, interactively.
        GEMINI_CLI_TRUST_WORKSPACE: 'true',
        ...environmentOf(stepOf(gemini, 'Environment'), h.token),
      },
      home,
    );
    expect(result.code, result.stderr).toBe(0);
    const last = generated().slice(before).at(-1)!;
    expect(last.model).toBe('gemini-2.5-flash');
    expect(result.stdout.trim()).toBe(
      h.emulator.expectedAnswer(last.body as never, 'gemini-2.5-flash').trim(),
    );
  });

  /** A code snippet, written to a module beside node_modules and imported, the token in its variable. */
  async function importSnippet(client: string): Promise<{ model: unknown }> {
    const folder = fs.mkdtempSync(path.join(REPO_ROOT, 'node_modules', '.snippet-'));
    const file = path.join(folder, `${client.replace(/\W/g, '')}.mjs`);
    fs.writeFileSync(file, stepOf(snippet(client), 'Code').value);
    process.env.GEMGATE_API_KEY = h.token;
    try {
      return (await import(pathToFileURL(file).href)) as { model: unknown };
    } finally {
      delete process.env.GEMGATE_API_KEY;
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }

  it('the AI SDK snippet answers, on the Responses API', async () => {
    const { generateText } = await import('ai');
    const { model } = await importSnippet('AI SDK');
    const result = await generateText({ model: model as never, prompt: 'Name a bridge.' });
    expect(result.text).toBe(h.emulator.expectedText('Name a bridge.'));
    expect(h.emulator.requests.at(-1)!.action).toBe('streamGenerateContent');
  });

  it('the LangChain snippet answers, on Chat Completions and on the Responses API', async () => {
    const { model } = (await importSnippet('LangChain')) as { model: ChatOpenAI };
    const chat = await model.invoke('Name a river.');
    expect(chat.text).toBe(h.emulator.expectedText('Name a river.'));
    const viaResponses = new ChatOpenAI({
      model: 'gemini-2.5-flash',
      apiKey: h.token,
      configuration: { baseURL: `${h.url}/v1` },
      useResponsesApi: true,
    });
    expect((await viaResponses.invoke('Name a sea.')).text).toBe(h.emulator.expectedText('Name a sea.'));
    expect((h.emulator.requests.at(-1)!.body as SentRequest).contents.at(-1)!.parts).toEqual([
      { text: 'Name a sea.' },
    ]);
  });
});
