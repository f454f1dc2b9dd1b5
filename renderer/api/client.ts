// The one way the dashboard talks to gemgate: typed calls to the admin API. Every request sends
// the session cookie (same origin) and, when it changes state, the CSRF header the server requires.
import type {
  AccountsResponse,
  AddKeysRequest,
  AddProviderRequest,
  AddKeysResponse,
  ApiError,
  ModelsResponse,
  BackupExportRequest,
  BackupImportRequest,
  BackupImportResponse,
  BackupStatusResponse,
  CheckAllResponse,
  CheckView,
  ClientPolicyView,
  ClientTokenView,
  CreateTokenRequest,
  CreateTokenResponse,
  EventsResponse,
  FilesResponse,
  KeyView,
  LoginRequest,
  OverviewResponse,
  PriceInput,
  PriceView,
  PricesResponse,
  ProviderView,
  ProvidersResponse,
  RequestChoicesResponse,
  RequestDetailResponse,
  RequestLogQuery,
  RequestLogResponse,
  SessionResponse,
  SettingValueView,
  SettingView,
  SettingsResponse,
  TokensResponse,
  UpdateAccountRequest,
  UpdateKeyRequest,
  UpdateSettingRequest,
  UsageQuery,
  UsageResponse,
} from '../../proxy/http/admin/contract';
import { reportReachable, reportUnreachable } from './connection';

export const API_BASE = '/admin/api';
const CSRF_HEADER = 'x-gemgate-admin';

/** An answer other than 2xx, with the server's own message (safe to show: it never holds a key). */
export class ApiRequestError extends Error {
  override name = 'ApiRequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** What to tell the user about a failed call: the server's own message when there is one. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let onSignedOut: () => void = () => undefined;

/** Called whenever the server says the session is gone (401), so the app can show the sign-in page. */
export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function send(method: Method, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers[CSRF_HEADER] = '1';
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    reportUnreachable();
    throw new ApiRequestError(0, 'gemgate is not reachable. Is it still running?');
  }
  reportReachable();
  if (response.ok) return response;
  let message = `HTTP ${response.status}`;
  try {
    message = ((await response.json()) as ApiError).error.message;
  } catch {
    // not our JSON error: keep the status line
  }
  if (response.status === 401 && path !== '/login') onSignedOut();
  throw new ApiRequestError(response.status, message);
}

async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The request log's filters; the server fills in what is left out (e.g. `limit`). */
export type RequestLogFilter = Partial<RequestLogQuery>;

export const api = {
  login: (token: string) => call<void>('POST', '/login', { token } satisfies LoginRequest),
  logout: () => call<void>('POST', '/logout'),
  session: () => call<SessionResponse>('GET', '/session'),

  overview: () => call<OverviewResponse>('GET', '/overview'),

  accounts: () => call<AccountsResponse>('GET', '/accounts'),
  updateAccount: (id: string, change: UpdateAccountRequest) =>
    call<AccountsResponse>('PATCH', `/accounts/${encodeURIComponent(id)}`, change),
  addKeys: (request: AddKeysRequest) => call<AddKeysResponse>('POST', '/keys', request),
  setKeyState: (id: string, state: UpdateKeyRequest['state']) =>
    call<KeyView>('PATCH', `/keys/${encodeURIComponent(id)}`, { state } satisfies UpdateKeyRequest),
  checkKey: (id: string) => call<CheckView>('POST', `/keys/${encodeURIComponent(id)}/check`),
  checkAllKeys: () => call<CheckAllResponse>('POST', '/keys/check'),
  removeKey: (id: string) => call<void>('DELETE', `/keys/${encodeURIComponent(id)}`),

  providers: () => call<ProvidersResponse>('GET', '/providers'),
  addProvider: (request: AddProviderRequest) => call<ProviderView>('POST', '/providers', request),
  removeProvider: (name: string) => call<void>('DELETE', `/providers/${encodeURIComponent(name)}`),

  tokens: () => call<TokensResponse>('GET', '/tokens'),
  createToken: (name: string, policy?: ClientPolicyView) =>
    call<CreateTokenResponse>(
      'POST',
      '/tokens',
      (policy ? { name, policy } : { name }) satisfies CreateTokenRequest,
    ),
  revokeToken: (id: string) => call<ClientTokenView>('DELETE', `/tokens/${encodeURIComponent(id)}`),
  setPolicy: (id: string, policy: ClientPolicyView) =>
    call<ClientTokenView>('PUT', `/tokens/${encodeURIComponent(id)}/policy`, policy),

  settings: () => call<SettingsResponse>('GET', '/settings'),
  setSetting: (name: string, value: SettingValueView) =>
    call<SettingView>('PUT', `/settings/${encodeURIComponent(name)}`, {
      value,
    } satisfies UpdateSettingRequest),

  events: () => call<EventsResponse>('GET', '/events'),

  files: () => call<FilesResponse>('GET', '/files'),
  deleteFile: (name: string) => call<void>('DELETE', `/files/${encodeURIComponent(name)}`),

  usage: (by: UsageQuery['by'], since?: string, until?: string) =>
    call<UsageResponse>('GET', `/usage${query({ by, since, until } satisfies UsageQuery)}`),
  requests: (filter: RequestLogFilter) => call<RequestLogResponse>('GET', `/requests${query({ ...filter })}`),
  request: (id: string) => call<RequestDetailResponse>('GET', `/requests/${encodeURIComponent(id)}`),
  requestChoices: () => call<RequestChoicesResponse>('GET', '/requests/choices'),
  models: () => call<ModelsResponse>('GET', '/models'),
  prices: () => call<PricesResponse>('GET', '/prices'),
  setPrice: (price: PriceInput) =>
    call<PriceView>('PUT', `/prices/${encodeURIComponent(price.model)}`, price),
  resetPrice: (model: string) => call<void>('DELETE', `/prices/${encodeURIComponent(model)}`),
  backupStatus: () => call<BackupStatusResponse>('GET', '/backup'),
  /** The encrypted backup file, for the browser to save. */
  exportBackup: async (passphrase: string): Promise<{ blob: Blob; fileName: string }> => {
    const response = await send('POST', '/backup/export', { passphrase } satisfies BackupExportRequest);
    const disposition = response.headers.get('content-disposition') ?? '';
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'gemgate-backup.gemgate';
    return { blob: await response.blob(), fileName };
  },
  importBackup: (request: BackupImportRequest) =>
    call<BackupImportResponse>('POST', '/backup/import', request),
};

/** The live stream's URL (Server-Sent Events); see live.ts. */
export const EVENTS_STREAM_URL = `${API_BASE}/events/stream`;
