import type { IncomingMessage } from 'node:http';
import type { GoogleErrorBody } from '../../proxy/gemini/types.js';
import {
  apiKeyInvalid,
  consumerSuspended,
  keyLeaked,
  serviceDisabled,
  unregisteredCaller,
} from './errors.js';
import type { KeyRegistry } from './keys.js';

/**
 * API key authentication as Gemini does it: the key comes from the x-goog-api-key header or the key
 * query parameter (https://ai.google.dev/gemini-api/docs/api-key); no key is a 403, a bad key a 400,
 * and a key whose project was suspended, leaked or has the API disabled is a 403 with its reason.
 */
export function apiKeyOf(req: IncomingMessage, query: URLSearchParams): string | undefined {
  const header = req.headers['x-goog-api-key'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  return fromHeader ?? query.get('key') ?? undefined;
}

export function authError(keys: KeyRegistry, apiKey: string | undefined): GoogleErrorBody | undefined {
  if (apiKey === undefined || apiKey === '') return unregisteredCaller();
  const projectId = keys.projectOf(apiKey);
  switch (keys.stateOf(apiKey)) {
    case 'invalid':
      return apiKeyInvalid();
    case 'suspended':
      return consumerSuspended(apiKey, projectId);
    case 'leaked':
      return keyLeaked();
    case 'service-disabled':
      return serviceDisabled(projectId);
    default:
      return undefined;
  }
}
