import type {
  Alert,
  Gateway,
  GatewayEvent,
  GatewayOptions,
  GatewayStatus,
} from '../../proxy/app/gatewayApi.js';
import { AlertFolder } from '../../proxy/alerts/alertFolder.js';
import { defaultSettings } from '../../proxy/config/settings.js';
import type { StartGateway } from '../main/gatewayController.js';

export interface FakeGatewayOptions {
  /** The `alerts.foldWindowSeconds` window, in ms; the setting's default unless a test says. */
  foldWindowMs?: number;
}

const DEFAULT_FOLD_WINDOW_MS = defaultSettings()['alerts.foldWindowSeconds'] * 1000;

export function healthyStatus(url: string, overrides: Partial<GatewayStatus> = {}): GatewayStatus {
  return {
    url,
    keys: { total: 4, healthy: 4, cooling: 0, disabled: 0 },
    today: { requests: 12, costUsd: 0.42 },
    resumeEnabled: true,
    health: 'healthy',
    ...overrides,
  };
}

export function gatewayEvent(overrides: Partial<GatewayEvent> = {}): GatewayEvent {
  return {
    type: 'key.disabled',
    at: 0,
    severity: 'warning',
    title: 'Key disabled',
    message: 'Key key_1 (AIza…x1Yz) was rejected by Gemini: API_KEY_INVALID.',
    keyId: 'key_1',
    ...overrides,
  };
}

/**
 * A Gateway with the real interface and no server behind it: tests drive its status and events.
 * Its alerts come from the gateway's own AlertFolder, so what the desktop is handed is folded
 * exactly as the real gateway folds it.
 */
export class FakeGateway implements Gateway {
  closed = false;
  readonly secretStore = 'the OS keychain';
  readonly clientTokens: Array<{ name: string; token: string }> = [];
  readonly loginTokens: string[] = [];
  private current: GatewayStatus;
  private readonly eventListeners = new Set<(event: GatewayEvent) => void>();
  private readonly alertListeners = new Set<(alert: Alert) => void>();
  private readonly statusListeners = new Set<(status: GatewayStatus) => void>();
  private readonly folder: AlertFolder;

  constructor(
    readonly url: string,
    options: FakeGatewayOptions = {},
  ) {
    this.current = healthyStatus(url);
    const windowMs = options.foldWindowMs ?? DEFAULT_FOLD_WINDOW_MS;
    this.folder = new AlertFolder(
      (alert) => this.alertListeners.forEach((listener) => listener(alert)),
      () => windowMs,
    );
  }

  status(): GatewayStatus {
    return this.current;
  }

  setResumeEnabled(enabled: boolean): void {
    this.setStatus({ resumeEnabled: enabled });
  }

  createClientToken(name: string): { id: string; token: string } {
    const token = `gg-fake-${this.clientTokens.length + 1}`;
    this.clientTokens.push({ name, token });
    return { id: `tok_${this.clientTokens.length}`, token };
  }

  createLoginToken(): string {
    const token = `login-${this.loginTokens.length + 1}`;
    this.loginTokens.push(token);
    return token;
  }

  loginUrl(): string {
    return `${this.url}/?token=${this.createLoginToken()}`;
  }

  onEvent(listener: (event: GatewayEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  onAlert(listener: (alert: Alert) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  onStatusChange(listener: (status: GatewayStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Like the real one, sends what the folder still holds to whoever is listening then. */
  async close(): Promise<void> {
    this.folder.flush();
    this.closed = true;
  }

  get listenerCount(): number {
    return this.eventListeners.size + this.alertListeners.size + this.statusListeners.size;
  }

  /** Plays a status change inside the gateway. */
  setStatus(change: Partial<GatewayStatus>): void {
    this.current = { ...this.current, ...change };
    this.statusListeners.forEach((listener) => listener(this.current));
  }

  /** Plays an event inside the gateway: listeners get it as it is, and alerts get it folded. */
  emit(event: GatewayEvent): void {
    this.eventListeners.forEach((listener) => listener(event));
    this.folder.push(event);
  }
}

export interface FakeGatewayFactory {
  startGateway: StartGateway;
  /** Every gateway started, latest last. */
  gateways: FakeGateway[];
  options: GatewayOptions[];
  latest(): FakeGateway;
  /** The next start fails with this error. */
  failNextStart(error: Error): void;
}

/** A `startGateway` that hands out FakeGateways; each new one listens on the next port up. */
export function fakeGatewayFactory(
  firstPort = 8787,
  gatewayOptions: FakeGatewayOptions = {},
): FakeGatewayFactory {
  const gateways: FakeGateway[] = [];
  const options: GatewayOptions[] = [];
  let failure: Error | null = null;
  return {
    gateways,
    options,
    latest() {
      const gateway = gateways.at(-1);
      if (!gateway) throw new Error('no gateway started');
      return gateway;
    },
    failNextStart(error) {
      failure = error;
    },
    async startGateway(given) {
      options.push(given);
      if (failure) {
        const error = failure;
        failure = null;
        throw error;
      }
      const gateway = new FakeGateway(`http://127.0.0.1:${firstPort + gateways.length}`, gatewayOptions);
      gateways.push(gateway);
      return gateway;
    },
  };
}
