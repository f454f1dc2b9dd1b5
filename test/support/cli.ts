import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertNoKeysInOutput } from './keyCanaries.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(REPO_ROOT, 'bin', 'gemgate.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type CliEnv = Record<string, string | undefined>;

/**
 * `gemgate limits set` arguments that lift every quota limit, as for a paid-tier project: the
 * emulator enforces no quota unless asked, and gemgate's free-tier defaults would throttle a load.
 */
export const LIFT_ALL_LIMITS = [
  'limits',
  'set',
  '--model',
  '*',
  '--rpm',
  'unlimited',
  '--tpm',
  'unlimited',
  '--rpd',
  'unlimited',
];

/** Runs `gemgate ARGS` as a user would (the installed bin), with its own environment. */
export function runCli(
  args: string[],
  options: { env?: CliEnv; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(options.env), cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gemgate ${args.join(' ')} timed out; stderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        assertNoKeysInOutput(`gemgate ${args.slice(0, 2).join(' ')}`, { stdout, stderr });
      } catch (error) {
        reject(error as Error);
        return;
      }
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** The parent's environment minus anything gemgate reads, plus the test's own settings. */
export function cliEnv(extra: CliEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('GEMGATE_')) env[name] = value;
  }
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

export interface ServeProcess {
  url: string;
  loginUrl: string;
  child: ChildProcessWithoutNullStreams;
  output(): { stdout: string; stderr: string };
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `gemgate serve` on a free port and waits for its "listening" and dashboard lines. */
export function startServe(args: string[], env: CliEnv): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
      env: cliEnv(env),
      cwd: REPO_ROOT,
    });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const timer = setTimeout(() => fail(new Error(`gemgate serve did not start; stderr: ${stderr}`)), 20_000);
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const listening = /gemgate listening on (http:\/\/\S+)/.exec(stdout);
      const login = /(http:\/\/\S+\/\?token=\S+)/.exec(stdout);
      if (!settled && listening && login) {
        settled = true;
        clearTimeout(timer);
        const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
        resolve({
          url: listening[1]!,
          loginUrl: login[1]!,
          child,
          output: () => ({ stdout, stderr }),
          stop: async (signal = 'SIGTERM') => {
            if (child.exitCode === null) child.kill(signal);
            const code = await exited;
            assertNoKeysInOutput('gemgate serve', { stdout, stderr });
            return code;
          },
        });
      }
    });
    child.on('exit', (code) => fail(new Error(`gemgate serve exited with ${code}; stderr: ${stderr}`)));
  });
}
