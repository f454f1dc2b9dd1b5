import type { Alert } from './alertFolder.js';
import { redactSecrets } from '../log/redact.js';

/** The JSON body of a webhook call: the alert, no key material (keys by id and masked form only). */
export function webhookBody(alert: Alert): string {
  const body = {
    source: 'gemgate',
    type: alert.type,
    severity: alert.severity,
    title: alert.title,
    message: alert.message,
    count: alert.count,
    at: new Date(alert.lastAt).toISOString(),
    firstAt: new Date(alert.firstAt).toISOString(),
    ...(alert.keyId ? { keyId: alert.keyId } : {}),
    ...(alert.projectId ? { projectId: alert.projectId } : {}),
    ...(alert.model ? { model: alert.model } : {}),
    ...(alert.clientId ? { clientId: alert.clientId } : {}),
  };
  // Belt and braces: events never carry keys, and anything shaped like one is masked anyway.
  return redactSecrets(JSON.stringify(body));
}

/** POSTs the alert; resolves with the HTTP status, or throws on a network error or timeout. */
export async function postWebhook(url: string, alert: Alert, timeoutMs = 5000): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'gemgate' },
    body: webhookBody(alert),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: 'error',
  });
  await response.body?.cancel();
  return response.status;
}
