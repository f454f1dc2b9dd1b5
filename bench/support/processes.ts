import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { REPO_ROOT } from '../../test/support/cli.js';

export interface Child {
  url: string;
  pid: number;
  /** Lines the child printed on stdout, e.g. `key AIza…` from the emulator. */
  stdout(): string;
  stop(): Promise<void>;
}

/**
 * Bundles a TypeScript entry point of this repository the way gemgate's own CLI is bundled
 * (scripts/build-cli.mjs: esbuild, dependencies external) into dist/bench/, runs it as its own Node
 * process and waits for it to print `listening on URL`. Each server measured gets its own process,
 * so its CPU time and memory are its own, and none carries a TypeScript loader gemgate does not.
 */
export async function startBundledChild(
  entry: string,
  env: Record<string, string> = {},
  nodeFlags: string[] = [],
  wrapper: string[] = [],
): Promise<Child> {
  const outfile = await bundleEntry(entry);
  return startServerProcess(entry, [...wrapper, process.execPath, ...nodeFlags, outfile], { env });
}

/** Bundles a TypeScript entry point of this repository into dist/bench/NAME.mjs; returns its path. */
export async function bundleEntry(entry: string): Promise<string> {
  const outfile = path.join(REPO_ROOT, 'dist', 'bench', `${path.basename(entry, '.ts')}.mjs`);
  await build({
    entryPoints: [path.join(REPO_ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** Where a server says it listens: `listening on URL` on a line of its own, as our servers print. */
const LISTENING_ON = (stdout: string) =>
  /\n$/.test(stdout) ? /listening on (http:\/\/\S+)/.exec(stdout)?.[1] : undefined;

/**
 * Runs COMMAND as its own process and waits until `urlOf` finds in its stdout the URL it serves
 * (by default a `listening on URL` line). For servers that are not ours (bench/peers/), which
 * announce themselves their own way.
 */
export function startServerProcess(
  label: string,
  command: string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    urlOf?: (stdout: string) => string | undefined;
  } = {},
): Promise<Child> {
  const child = spawn(command[0]!, command.slice(1), {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return waitForListening(child, label, options.urlOf ?? LISTENING_ON);
}

function waitForListening(
  child: ChildProcess,
  label: string,
  urlOf: (stdout: string) => string | undefined,
): Promise<Child> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let started = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${label} did not start: ${stderr}`));
    }, 20_000);
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = started ? undefined : urlOf(stdout);
      if (url) {
        started = true;
        clearTimeout(timer);
        const exited = new Promise<void>((done) => child.once('exit', () => done()));
        resolve({
          url,
          pid: child.pid!,
          stdout: () => stdout,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code}: ${stderr}`));
    });
  });
}
