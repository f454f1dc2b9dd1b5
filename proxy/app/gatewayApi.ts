/**
 * What a host process (the `serve` command, the Electron main process) may use of the gateway:
 * starting it, the running gateway's interface, its events, status and alerts, and the app's name
 * (for its data folder). The desktop shell imports nothing else from proxy/ (held by eslint.config.js
 * and proxy/layers.test.ts, from proxy/layers.js); it never reaches into the gateway's parts.
 */
export type { Gateway, GatewayOptions } from './gateway.js';
export type { GatewayEvent, GatewayEventType, GatewayStatus } from '../events/gatewayEvent.js';
export type { Alert } from '../alerts/alertFolder.js';
export { startGateway, type StartGatewayExtras } from './startGateway.js';
export { APP_NAME } from '../config/dataDir.js';
