/**
 * What the gateway tells whoever watches it (alerts, the dashboard's feed, the desktop tray): its
 * events and its status. Plain types at the bottom of the layers, so the parts that raise events
 * and the parts that show them need not know each other.
 */

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
  | 'key.quarantined'
  | 'key.recovered'
  | 'project.exhausted'
  | 'project.spendCapped'
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
