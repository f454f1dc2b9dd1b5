import type { GatewayEvent, GatewayStatus } from '../events/gatewayEvent.js';
import type { Alert } from '../alerts/alertFolder.js';

/** How a host starts the gateway (startGateway), and the running gateway it gets back. */
export interface GatewayOptions {
  dataDir: string;
  host?: string; // default 127.0.0.1
  port?: number; // default: the `server.port` setting (8787); 0 picks a free port
  env?: NodeJS.ProcessEnv; // GEMGATE_SECRET_STORE, GEMGATE_PASSPHRASE, ...
  /** The built dashboard (dist/renderer); found next to the running code when absent. */
  rendererDir?: string;
}

export interface Gateway {
  readonly url: string;
  /** Where the keys are, in one line for a person ("the OS keychain", "the encrypted file …"). */
  readonly secretStore: string;
  status(): GatewayStatus;
  setResumeEnabled(enabled: boolean): void;
  /** A new client token; the only time its value is available. */
  createClientToken(name: string): { id: string; token: string };
  /** A one-time credential that opens a dashboard session (see `loginUrl`). */
  createLoginToken(): string;
  /** `http://HOST:PORT/?token=…` with a fresh one-time login token. */
  loginUrl(): string;
  /** Every event as it happens, unfolded (tests and anything that counts them). */
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  /**
   * The alerts the log line and the webhook get: events with repeats folded over the
   * `alerts.foldWindowSeconds` window. What to show a person (the desktop's notifications).
   */
  onAlert(listener: (alert: Alert) => void): () => void;
  onStatusChange(listener: (status: GatewayStatus) => void): () => void;
  /** Stops listening, lets requests in flight finish (briefly), flushes the logs, closes the database. */
  close(): Promise<void>;
}
