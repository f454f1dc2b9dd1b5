/** The overview: status, endpoints, live traffic, today's totals. */
import type { GatewayStatus } from '../../../events/gatewayEvent.js';
import type { UsageTotals } from './usage.js';

/** The gateway's status as the events bus carries it: keys by state, today's requests and cost, health. */
export type StatusView = GatewayStatus;
export type Health = GatewayStatus['health'];

export interface TrafficView {
  /** Requests through the gateway (not the admin API) per second, averaged over the last 10 s. */
  requestsPerSecond: number;
  requestsLastMinute: number;
  /** Since the gateway started. */
  requestsTotal: number;
  errorsLastMinute: number;
}

/** GET /admin/api/overview */
export interface OverviewResponse {
  version: string;
  status: StatusView;
  endpoints: {
    /** Where Gemini-dialect clients point (Cherry Studio "Gemini", ChatBox "Gemini", @google/genai). */
    gemini: string;
    /** Where OpenAI-dialect clients point (Roo Code, Cline, ChatBox "OpenAI API compatible", openai SDK). */
    openai: string;
  };
  /**
   * Where other devices reach gemgate: none while it listens on loopback only (the default; start
   * it with `--host 0.0.0.0` to serve a phone); else its base URLs on the local network.
   */
  reach: {
    loopbackOnly: boolean;
    lan: Array<{ address: string; gemini: string; openai: string }>;
  };
  traffic: TrafficView;
  /** Today (the local calendar day, as the usage log counts days): tokens and cost. */
  today: { totals: UsageTotals };
}
