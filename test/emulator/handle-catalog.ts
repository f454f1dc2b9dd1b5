import type { Call } from './context.js';
import { modelNotFound } from './errors.js';
import { findModel, listPage } from './models.js';
import { sendError, sendJson } from './wire.js';

/** GET models (paginated) and GET models/{model} (https://ai.google.dev/api/models). */

export function handleList(call: Call): void {
  const pageSize = call.query.get('pageSize');
  const pageToken = call.query.get('pageToken');
  sendJson(call.res, 200, listPage(pageSize === null ? undefined : Number(pageSize), pageToken ?? undefined));
}

export function handleGet(call: Call): void {
  const model = findModel(call.modelId);
  if (!model) return sendError(call.res, modelNotFound(call.modelId, call.apiVersion, 'GetModel'));
  sendJson(call.res, 200, model.publicInfo);
}
