import type { Alert, Gateway, GatewayOptions, GatewayStatus } from '../../proxy/app/gatewayApi.js';

/**
 * Where the gateway runs: in the main process, not in a utilityProcess. Why:
 * - The `Gateway` surface is synchronous where the tray needs it to be (`status()`,
 *   `createClientToken()`, `createLoginToken()`) and pushes status and alerts through listeners.
 *   In-process the tray reads it directly; across a process boundary every call would become an
 *   RPC with its own protocol, one more thing to keep in step with proxy/app/gatewayApi.ts.
 * - The native modules (better-sqlite3, keytar) must be rebuilt for Electron's ABI either way: a
 *   utility process runs Electron's Node too, so isolating them buys no compatibility.
 * - The gateway's work is network I/O; its SQLite writes are small and happen after a request
 *   ends. The dashboard renders in its own renderer process and the OS draws the tray, so a busy
 *   millisecond in the main process does not freeze the UI.
 * The price: a native crash in the gateway takes the tray down with it. If that ever shows up,
 * `StartGateway` is the seam: an implementation that forks a utilityProcess and returns an
 * RPC-backed `Gateway` slots in without touching the rest of electron/main.
 */
export type StartGateway = (options: GatewayOptions) => Promise<Gateway>;

export type GatewayPhase = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface GatewayState {
  phase: GatewayPhase;
  /** The gateway's base URL while running. */
  url: string | null;
  status: GatewayStatus | null;
  /** Why the last start failed (phase `failed`); meant for the user. */
  error: string | null;
}

const STOPPED: GatewayState = { phase: 'stopped', url: null, status: null, error: null };

/**
 * Owns the one gateway the desktop app hosts: turns it on and off (closing and starting it
 * again), and republishes its status and alerts so the tray and notifications need not care
 * whether a gateway exists right now. Start and stop run one after another, in call order.
 */
export class GatewayController {
  private gateway: Gateway | null = null;
  private state: GatewayState = STOPPED;
  private subscriptions: Array<() => void> = [];
  private queue: Promise<void> = Promise.resolve();
  private readonly stateListeners = new Set<(state: GatewayState) => void>();
  private readonly alertListeners = new Set<(alert: Alert) => void>();

  constructor(
    private readonly startGateway: StartGateway,
    private readonly options: GatewayOptions,
  ) {}

  /** The running gateway, or null while it is off, starting or stopping. */
  get running(): Gateway | null {
    return this.state.phase === 'running' ? this.gateway : null;
  }

  getState(): GatewayState {
    return this.state;
  }

  onState(listener: (state: GatewayState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** The running gateway's alerts (repeats already folded by the gateway), whichever gateway runs. */
  onAlert(listener: (alert: Alert) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  start(): Promise<void> {
    return this.enqueue(async () => {
      if (this.gateway) return;
      this.setState({ ...STOPPED, phase: 'starting' });
      try {
        const gateway = await this.startGateway(this.options);
        this.gateway = gateway;
        this.subscriptions = [
          gateway.onStatusChange((status) => this.setState({ ...this.state, status })),
          gateway.onAlert((alert) => this.alertListeners.forEach((listener) => listener(alert))),
        ];
        this.setState({ phase: 'running', url: gateway.url, status: gateway.status(), error: null });
      } catch (error) {
        this.setState({ ...STOPPED, phase: 'failed', error: errorMessage(error) });
      }
    });
  }

  stop(): Promise<void> {
    return this.enqueue(async () => {
      const gateway = this.gateway;
      if (!gateway) {
        if (this.state.phase === 'failed') this.setState(STOPPED);
        return;
      }
      this.setState({ ...this.state, phase: 'stopping' });
      this.subscriptions.forEach((unsubscribe) => unsubscribe());
      this.subscriptions = [];
      this.gateway = null;
      try {
        await gateway.close();
      } finally {
        this.setState(STOPPED);
      }
    });
  }

  setEnabled(enabled: boolean): Promise<void> {
    return enabled ? this.start() : this.stop();
  }

  setResumeEnabled(enabled: boolean): void {
    const gateway = this.running;
    if (!gateway) return;
    gateway.setResumeEnabled(enabled);
    // Read it back rather than trusting the gateway to announce a change it was just told about.
    this.setState({ ...this.state, status: gateway.status() });
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    const next = this.queue.then(operation);
    // A failed close must not wedge later starts and stops; the caller still sees the failure.
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setState(state: GatewayState): void {
    this.state = state;
    this.stateListeners.forEach((listener) => listener(state));
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
