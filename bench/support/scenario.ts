import { execFile, spawn } from 'node:child_process';
import path from 'node:path';
import {
  cliEnv,
  LIFT_ALL_LIMITS,
  runCli,
  startServe,
  REPO_ROOT,
  type ServeProcess,
} from '../../test/support/cli.js';
import { tempDataDir } from '../../test/support/dataDir.js';
import type { Shot } from './load.js';

/** What every benchmark sends: one model, one prompt, the same four requests in each dialect. */
export const MODEL = 'gemini-2.5-flash';
export const PROMPT =
  'Summarise in a few lines why a local gateway in front of an API should add as little latency as it can.';

export type ShotName = 'native whole' | 'native stream TTFT' | 'OpenAI whole' | 'OpenAI stream TTFT';
export const SHOTS: ShotName[] = ['native whole', 'native stream TTFT', 'OpenAI whole', 'OpenAI stream TTFT'];

const NATIVE_TOKEN = /"text":\s*"[^"]/;
const OPENAI_TOKEN = /"content":\s*"[^"]/;

export function nativeBody(): string {
  return JSON.stringify({ contents: [{ role: 'user', parts: [{ text: PROMPT }] }] });
}

function openaiBody(stream: boolean): string {
  return JSON.stringify({ model: MODEL, stream, messages: [{ role: 'user', content: PROMPT }] });
}

/**
 * The four requests as a client of one server sends them. `direct` is Gemini (the emulator) itself,
 * which has no OpenAI dialect: there the OpenAI requests are the native requests they map to.
 */
export function shotsFor(direct: boolean, clientKey: string): Record<ShotName, Shot> {
  const json = { 'content-type': 'application/json' };
  const gemini = { ...json, 'x-goog-api-key': clientKey };
  const nativeWhole: Shot = {
    path: `/v1beta/models/${MODEL}:generateContent`,
    headers: gemini,
    body: nativeBody(),
  };
  const nativeStream: Shot = {
    path: `/v1beta/models/${MODEL}:streamGenerateContent?alt=sse`,
    headers: gemini,
    body: nativeBody(),
    firstToken: NATIVE_TOKEN,
  };
  return {
    'native whole': nativeWhole,
    'native stream TTFT': nativeStream,
    ...(direct
      ? { 'OpenAI whole': nativeWhole, 'OpenAI stream TTFT': nativeStream }
      : openaiShots({ authorization: `Bearer ${clientKey}` })),
  };
}

/** The two OpenAI requests (`/v1/chat/completions`, whole and streamed) with these headers. */
export function openaiShots(
  headers: Record<string, string>,
): Record<'OpenAI whole' | 'OpenAI stream TTFT', Shot> {
  const all = { 'content-type': 'application/json', ...headers };
  return {
    'OpenAI whole': { path: '/v1/chat/completions', headers: all, body: openaiBody(false) },
    'OpenAI stream TTFT': {
      path: '/v1/chat/completions',
      headers: all,
      body: openaiBody(true),
      firstToken: OPENAI_TOKEN,
    },
  };
}

export interface BenchGateway {
  url: string;
  pid: number;
  token: string;
  /** What the server printed on stdout so far (when started with node flags or another bundle). */
  output?: () => string;
  stop(): Promise<void>;
}

/**
 * A data folder with the emulator as upstream, one key without quota limits and one client token,
 * made with the CLI as a user would, then `gemgate serve` on it (the built CLI, file secret store). `nodeFlags` (e.g.
 * `--cpu-prof`) run it under a profiler instead of through the test helper; `cliBundle` runs another
 * build of the CLI (bench/compareBuilds.ts); `wrapper` runs Node under another program (valgrind,
 * bench/countInstructions.ts).
 */
export async function startBenchGateway(
  emulatorUrl: string,
  emulatorKey: string,
  nodeFlags: string[] = [],
  cliBundle = path.join(REPO_ROOT, 'bin', 'gemgate.mjs'),
  wrapper: string[] = [],
): Promise<BenchGateway> {
  const data = tempDataDir('gemgate-bench');
  const env = { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'bench passphrase' };
  const installed = cliBundle === path.join(REPO_ROOT, 'bin', 'gemgate.mjs');
  // The folder is made by the build that serves it: an earlier build refuses a database that a later
  // one has migrated further.
  const cli = async (args: string[]) => {
    const all = ['--data-dir', data.dir, ...args];
    const result = installed ? await runCli(all, { env }) : await runBundle(cliBundle, all, env);
    if (result.code !== 0) throw new Error(`gemgate ${args[0]} failed: ${result.stderr}`);
    return result.stdout;
  };
  await cli(['config', 'set', 'upstream.baseUrl', emulatorUrl]);
  await cli(['keys', 'add', '--account', 'bench', emulatorKey]);
  // A paid-tier project, as the emulator plays it: gemgate's built-in free-tier limits would throttle.
  await cli(LIFT_ALL_LIMITS);
  const { token } = JSON.parse(await cli(['tokens', 'create', 'bench', '--json'])) as { token: string };
  if (nodeFlags.length === 0 && wrapper.length === 0 && installed) {
    const serve: ServeProcess = await startServe(['--data-dir', data.dir], env);
    return {
      url: serve.url,
      pid: serve.child.pid!,
      token,
      stop: async () => {
        await serve.stop();
        data.cleanup();
      },
    };
  }
  const command = [
    ...wrapper,
    process.execPath,
    ...nodeFlags,
    cliBundle,
    'serve',
    '--port',
    '0',
    '--data-dir',
    data.dir,
  ];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /gemgate listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`gemgate serve exited with ${code}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    pid: child.pid!,
    token,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      data.cleanup();
    },
  };
}

/** A CLI command run with another build of the CLI (a bundle), as runCli runs the installed one. */
function runBundle(
  bundle: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bundle, ...args],
      { cwd: REPO_ROOT, env: cliEnv(env) },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
    );
  });
}
