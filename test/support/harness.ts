import { Writable } from 'node:stream';
import { startEmulator, type Emulator } from '../emulator/index.js';
import { startGateway, type StartGatewayExtras } from '../../proxy/app/startGateway.js';
import type { Gateway } from '../../proxy/app/gatewayApi.js';
import type { LimitOverride } from '../../proxy/pool/limits.js';
import type { SettingName } from '../../proxy/config/settings.js';
import { tempDataDir } from './dataDir.js';
import { createLogger } from '../../proxy/log/logger.js';
import {
  startOpenAIEmulator,
  type OpenAIEmulator,
  type OpenAIEmulatorOptions,
} from '../emulator-openai/index.js';
import { withDataFolder } from './services.js';

export interface HarnessProvider {
  /** How its cut streams are continued (default: partial, as DashScope). */
  continuation?: 'partial' | 'prefix' | 'prompt';
  /** Its model list typed in; without it, listed by the emulator when the first key is added. */
  models?: string[];
  /** Keys per account, e.g. `{ aliyun: { keys: 2 } }`. */
  accounts: Record<string, { tier?: 'primary' | 'backup'; keys: number }>;
  emulator?: OpenAIEmulatorOptions;
  /** Played by the emulator of this other provider (another name for the same service). */
  sameServiceAs?: string;
}

export interface HarnessOptions {
  /** Keys per account, e.g. `{ alice: 2 }` -> two primary keys of account alice. */
  accounts?: Record<string, { tier?: 'primary' | 'backup'; keys: number; project?: string }>;
  settings?: Partial<Record<SettingName, string | number | boolean>>;
  emulator?: Parameters<typeof startEmulator>[0];
  /**
   * The emulator enforces no quota unless a test sets one, so by default the harness lifts
   * gemgate's built-in free-tier limits to match; pool tests that exercise them keep them.
   */
  freeTierLimits?: boolean;
  /** Quota-limit overrides written before the gateway starts; `account`: its (first key's) project only. */
  limits?: Array<Omit<LimitOverride, 'projectId'> & { account?: string }>;
  /** Puts something between the gateway and the emulator (a recording proxy): gets the emulator's URL, returns the gateway's upstream. */
  upstream?: (emulatorUrl: string) => Promise<string>;
  /** Shorter socket timeouts, for tests of slow and idle clients. */
  serverTimeouts?: StartGatewayExtras['serverTimeouts'];
  /** Other providers, each played by an OpenAI-compatible emulator (test/emulator-openai). */
  providers?: Record<string, HarnessProvider>;
  /** Prices of the user's own, written before the gateway starts (`provider/model` for other providers). */
  prices?: unknown[];
}

export interface Harness {
  emulator: Emulator;
  gateway: Gateway;
  url: string;
  token: string;
  dataDir: string;
  /** Keys by account, in the order added, with their gemgate ids. */
  keys: Record<string, Array<{ id: string; key: string }>>;
  /** Each other provider's emulator and its keys by account. */
  providers: Record<
    string,
    { emulator: OpenAIEmulator; keys: Record<string, Array<{ id: string; key: string }>> }
  >;
  /** Everything the gateway logged so far. */
  logs(): string;
  /** Closes the gateway and starts a new one on the same data folder (updates `gateway` and `url`). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const PASSPHRASE = 'harness passphrase';

/**
 * The gateway in this process, on a real loopback port, in front of a fresh emulator, with keys in
 * the encrypted file store. Fast enough for the fault corpus; the full user path (`gemgate serve`
 * as a child process, the real keychain) has tests of its own.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await startEmulator(options.emulator);
  const data = tempDataDir('harness');
  const env = { GEMGATE_SECRET_STORE: 'file', GEMGATE_PASSPHRASE: PASSPHRASE };
  const keys: Harness['keys'] = {};
  const providers: Harness['providers'] = {};
  const token = await withDataFolder(data.dir, PASSPHRASE, async (services) => {
    const { store } = services;
    store.settings.set(
      'upstream.baseUrl',
      options.upstream ? await options.upstream(emulator.url) : emulator.url,
    );
    const limits = store.poolLimits;
    if (!options.freeTierLimits) {
      limits.put({ projectId: null, model: '*', rpm: Infinity, tpm: Infinity, rpd: Infinity });
    }
    for (const [name, value] of Object.entries(options.settings ?? {})) {
      store.settings.set(name as SettingName, String(value));
    }
    for (const [account, spec] of Object.entries(options.accounts ?? { main: { keys: 1 } })) {
      const secrets = Array.from({ length: spec.keys }, () => emulator.newKey());
      const added = await services.keys.add({
        account,
        tier: spec.tier ?? 'primary',
        project: spec.project,
        keys: secrets,
      });
      keys[account] = added.map((entry, i) => ({ id: entry.id, key: secrets[i]! }));
    }
    for (const [name, spec] of Object.entries(options.providers ?? {})) {
      const emulator = spec.sameServiceAs
        ? providers[spec.sameServiceAs]!.emulator
        : await startOpenAIEmulator(spec.emulator);
      providers[name] = { emulator, keys: {} };
      await services.providers.add({
        name,
        baseUrl: emulator.baseUrl,
        continuation: spec.continuation ?? 'partial',
        models: spec.models,
      });
      for (const [account, accountSpec] of Object.entries(spec.accounts)) {
        const secrets = Array.from({ length: accountSpec.keys }, () => emulator.newKey());
        const added = await services.keys.add({
          account,
          tier: accountSpec.tier ?? 'primary',
          provider: name,
          keys: secrets,
        });
        providers[name]!.keys[account] = added.map((entry, i) => ({ id: entry.id, key: secrets[i]! }));
      }
    }
    for (const price of options.prices ?? []) services.prices.set(price);
    for (const { account, ...rule } of options.limits ?? []) {
      const projectId = account === undefined ? null : store.keys.get(keys[account]![0]!.id)!.projectId;
      limits.put({ ...rule, projectId });
    }
    return store.tokens.create('harness').token;
  });
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logText += chunk.toString();
      done();
    },
  });
  const logger = createLogger({ level: 'debug', destination: sink });
  const start = () =>
    startGateway(
      { dataDir: data.dir, host: '127.0.0.1', port: 0, env },
      { logger, serverTimeouts: options.serverTimeouts },
    );
  const gateway = await start();
  const harness: Harness = {
    emulator,
    gateway,
    url: gateway.url,
    token,
    dataDir: data.dir,
    keys,
    providers,
    logs: () => logText,
    async restart() {
      await harness.gateway.close();
      harness.gateway = await start();
      harness.url = harness.gateway.url;
    },
    async close() {
      await harness.gateway.close();
      await emulator.close();
      for (const [name, spec] of Object.entries(options.providers ?? {})) {
        if (!spec.sameServiceAs) await providers[name]?.emulator.close();
      }
      data.cleanup();
    },
  };
  return harness;
}
