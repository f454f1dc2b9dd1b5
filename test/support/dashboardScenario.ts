import { startEmulator, faults, type Emulator } from '../emulator/index.js';
import { startOpenAIEmulator, type OpenAIEmulator } from '../emulator-openai/index.js';
import { runCli, startServe, type ServeProcess } from './cli.js';
import { tempDataDir } from './dataDir.js';
import { tokenWithPolicy } from './policyToken.js';

/**
 * A lived-in gateway, as issue 28's user had one: `gemgate serve` in front of the emulator with three
 * Google accounts (one of them a backup whose key Google refuses), a Qwen account, four client
 * tokens, and a day of traffic: plain answers, streams cut and resumed, a request the phone's
 * policy refuses, a model that does not exist, embeddings, a Qwen chat, and a project whose daily
 * gemini-2.5-pro quota Google reports exhausted after 3 requests.
 */
export interface DashboardScenario {
  emulator: Emulator;
  qwen: OpenAIEmulator;
  serve: ServeProcess;
  env: Record<string, string>;
  dataDir: string;
  /** Every key secret handed to gemgate, to prove none reaches the page. */
  secrets: string[];
  tokens: Record<'cherry' | 'phone' | 'roo' | 'notes', string>;
  /** The Google Cloud project whose daily gemini-2.5-pro quota runs out, and after how many requests. */
  exhausted: { project: string; model: string; limit: number };
  /** Starts `gemgate serve` again on the same data folder and port (a restart, as after an update). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface ScenarioOptions {
  /** Extra `gemgate serve` arguments (`--host 0.0.0.0`). */
  serveArgs?: string[];
  /** Send the day's traffic (default true). */
  traffic?: boolean;
}

const EXHAUSTED = { project: 'work-prod', model: 'gemini-2.5-pro', limit: 3 };

export async function startDashboardScenario(options: ScenarioOptions = {}): Promise<DashboardScenario> {
  const emulator = await startEmulator();
  const qwen = await startOpenAIEmulator();
  const data = tempDataDir('dashboard-scenario');
  const env = { GEMGATE_DATA_DIR: data.dir, GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: 'scenario' };
  const cli = async (args: string[]) => {
    const result = await runCli(args, { env });
    if (result.code !== 0) throw new Error(`gemgate ${args.join(' ')}: ${result.stderr}`);
    return result.stdout;
  };
  const secrets: string[] = [];
  const newKeys = (count: number, project?: string) =>
    Array.from({ length: count }, () => {
      const key = emulator.newKey();
      if (project) emulator.setProject(key, project);
      secrets.push(key);
      return key;
    });

  await cli(['config', 'set', 'upstream.baseUrl', emulator.url]);
  // Requests arrive faster than free-tier minutes allow; days keep gemgate's own limits.
  await cli(['limits', 'set', '--model', '*', '--rpm', 'unlimited', '--tpm', 'unlimited']);
  await cli([
    'keys',
    'add',
    '--account',
    'personal',
    '--project',
    'personal-main',
    ...newKeys(2, 'personal-main'),
  ]);
  await cli([
    'keys',
    'add',
    '--account',
    'work',
    '--project',
    EXHAUSTED.project,
    ...newKeys(2, EXHAUSTED.project),
  ]);
  await cli(['keys', 'add', '--account', 'work', ...newKeys(1)]);
  const [refused] = newKeys(1);
  emulator.setKeyState(refused!, 'invalid');
  await cli(['keys', 'add', '--account', 'spare', '--tier', 'backup', refused!]);
  await cli(['keys', 'check']).catch(() => undefined);
  await cli(['providers', 'add', 'qwen', '--kind', 'openai-compatible', '--base-url', qwen.baseUrl]);
  const qwenKey = qwen.newKey();
  secrets.push(qwenKey);
  await cli(['keys', 'add', '--provider', 'qwen', '--account', 'aliyun', qwenKey]);
  emulator.setQuota({ projectId: EXHAUSTED.project, model: EXHAUSTED.model, rpd: EXHAUSTED.limit });

  const tokens = {
    cherry: tokenWithPolicy(data.dir, 'cherry-studio', {}),
    phone: tokenWithPolicy(data.dir, 'phone', { allowModels: ['gemini-2.5-flash'], dailyUsd: 1 }),
    roo: tokenWithPolicy(data.dir, 'roo-code', {}),
    notes: tokenWithPolicy(data.dir, 'notes-app', {}),
  };

  let serve = await startServe(options.serveArgs ?? [], env);
  const scenario: DashboardScenario = {
    emulator,
    qwen,
    get serve() {
      return serve;
    },
    env,
    dataDir: data.dir,
    secrets,
    tokens,
    exhausted: EXHAUSTED,
    async restart() {
      const port = new URL(serve.url).port;
      await serve.stop();
      serve = await startServe([...(options.serveArgs ?? []), '--port', port], env);
    },
    async close() {
      await serve.stop();
      await emulator.close();
      await qwen.close();
      data.cleanup();
    },
  };
  if (options.traffic !== false) await sendTraffic(scenario);
  return scenario;
}

/** A day of requests: about 76, most answered, some resumed, some refused or failed. */
async function sendTraffic(s: DashboardScenario): Promise<void> {
  const url = s.serve.url;
  const gemini = (token: string, model: string, prompt: string, stream = false) =>
    fetch(`${url}/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`, {
      method: 'POST',
      headers: { 'x-goog-api-key': token, 'content-type': 'application/json' },
      body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }] }),
    }).then(async (response) => ({ status: response.status, body: await response.text() }));
  const openai = (token: string, body: object) =>
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: await response.text() }));

  for (let i = 0; i < 30; i++) await gemini(s.tokens.cherry, 'gemini-2.5-flash', `cherry question ${i}`);
  for (let i = 0; i < 12; i++)
    await openai(s.tokens.roo, {
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: `roo task ${i}` }],
    });
  // Streams cut on the way, resumed into one answer.
  for (let i = 0; i < 4; i++) {
    s.emulator.injectFault(faults.cut(40 + i * 10), { model: 'gemini-2.5-flash' });
    await gemini(s.tokens.cherry, 'gemini-2.5-flash', `long story ${i}`, true);
  }
  // gemini-2.5-pro until one project's day runs out; the pool moves on to the others.
  for (let i = 0; i < 12; i++) await gemini(s.tokens.cherry, 'gemini-2.5-pro', `hard question ${i}`);
  for (let i = 0; i < 6; i++) await gemini(s.tokens.phone, 'gemini-2.5-flash', `phone chat ${i}`);
  // The phone may use gemini-2.5-flash only: refused, with a sentence the client sees.
  for (let i = 0; i < 2; i++) await gemini(s.tokens.phone, 'gemini-2.5-pro', `phone wants pro ${i}`);
  await gemini(s.tokens.roo, 'gemini-made-up-model', 'no such model');
  for (let i = 0; i < 6; i++)
    await fetch(`${url}/v1beta/models/gemini-embedding-001:embedContent`, {
      method: 'POST',
      headers: { 'x-goog-api-key': s.tokens.notes, 'content-type': 'application/json' },
      body: JSON.stringify({ content: { parts: [{ text: `note ${i}` }] } }),
    }).then((response) => response.text());
  for (let i = 0; i < 3; i++)
    await openai(s.tokens.notes, { model: 'qwen-plus', messages: [{ role: 'user', content: `qwen ${i}` }] });
  // Every key rate-limited for a moment: a request that fails after trying them all.
  for (let i = 0; i < 3; i++) s.emulator.injectFault(faults.rateLimit(), { model: 'gemini-2.5-flash-lite' });
  await gemini(s.tokens.roo, 'gemini-2.5-flash-lite', 'quick one');
}
