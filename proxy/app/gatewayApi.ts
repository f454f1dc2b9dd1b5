/**
 * What a host process (the `serve` command, the Electron main process) gets back when it starts
 * the gateway. The desktop shell uses only this surface; it never reaches into the gateway's parts.
 */

export interface GatewayOptions {
  dataDir: string;
  host?: string; // default 127.0.0.1
  port?: number; // default: the `server.port` setting (8787); 0 picks a free port
  env?: NodeJS.ProcessEnv; // GEMGATE_SECRET_STORE, GEMGATE_PASSPHRASE, ...
  /** The built dashboard (dist/renderer); found next to the running code when absent. */
  rendererDir?: string;
}

export interface GatewayStatus {
  url: string;
  keys: { total: number; healthy: number; cooling: number; disabled: number };
  today: { requests: number; costUsd: number };
  resumeEnabled: boolean;
  /** Healthy when every key can serve; degraded when some cannot; down when none can. */
  health: 'healthy' | 'degraded' | 'down' | 'empty';
}

export type GatewayEventType =
  | 'key.disabled'
  | 'key.recovered'
  | 'project.exhausted'
  | 'pool.down'
  | 'pool.recovered'
  | 'resume.gaveUp'
  | 'spend.limit';

export interface GatewayEvent {
  type: GatewayEventType;
  at: number;
  severity: 'info' | 'warning' | 'error';
  title: string;
  message: string; // never contains key material: keys appear by id and masked form only
  keyId?: string;
  projectId?: string;
  model?: string;
  /** The client token concerned (spend limits, a client's resume that gave up). */
  clientId?: string;
}

export interface Gateway {
  readonly url: string;
  status(): GatewayStatus;
  setResumeEnabled(enabled: boolean): void;
  /** A new client token; the only time its value is available. */
  createClientToken(name: string): { id: string; token: string };
  /** A one-time credential that opens a dashboard session (see `loginUrl`). */
  createLoginToken(): string;
  /** `http://HOST:PORT/?token=…` with a fresh one-time login token. */
  loginUrl(): string;
  onEvent(listener: (event: GatewayEvent) => void): () => void;
  onStatusChange(listener: (status: GatewayStatus) => void): () => void;
  /** Stops listening, lets requests in flight finish (briefly), flushes the logs, closes the database. */
  close(): Promise<void>;
}
