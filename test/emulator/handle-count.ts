import type { CountTokensResponse } from '../../proxy/gemini/types.js';
import { type Call, type EmulatorState, parseJsonBody } from './context.js';
import { modelNotFound, unknownFields } from './errors.js';
import { findModel, supports } from './models.js';
import { tallyContents, tallyRequest } from './tokens.js';
import { normalizeGenerateRequest } from './validate.js';
import { sendError, sendJson } from './wire.js';

/**
 * countTokens, in both documented forms (https://ai.google.dev/api/tokens): `contents` alone, or a whole
 * `generateContentRequest` (which then counts systemInstruction and tools too, exactly like
 * usageMetadata.promptTokenCount of that request). The two forms are exclusive; the full request wins.
 */
export function handleCountTokens(call: Call, state?: EmulatorState): void {
  const model = findModel(call.modelId);
  if (!model || !supports(model, 'countTokens')) {
    return sendError(call.res, modelNotFound(call.modelId, call.apiVersion, 'countTokens'));
  }
  const parsed = parseJsonBody(call.rawBody);
  if (!parsed.ok) return sendError(call.res, parsed.error);
  const body = parsed.value;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return sendError(call.res, unknownFields([{ name: '' }]));
  }
  const unknown = Object.keys(body).filter(
    (k) => !['contents', 'generateContentRequest', 'generate_content_request'].includes(k),
  );
  if (unknown.length > 0) return sendError(call.res, unknownFields(unknown.map((name) => ({ name }))));

  const record = body as Record<string, unknown>;
  const full = record.generateContentRequest ?? record.generate_content_request;
  const normalized =
    full !== undefined
      ? normalizeGenerateRequest(full, 'generate_content_request.')
      : normalizeGenerateRequest({ contents: record.contents ?? [] });
  if (!normalized.ok) return sendError(call.res, normalized.error);
  // Files and caches of another project are refused here as in generateContent.
  const notYours =
    state?.files.refusal(normalized.value, call.projectId) ??
    state?.caches.refusal(normalized.value, call.projectId, model.id);
  if (notYours) return sendError(call.res, notYours);
  const tally =
    full !== undefined ? tallyRequest(normalized.value) : tallyContents(normalized.value.contents ?? []);
  const response: CountTokensResponse = { totalTokens: tally.total, promptTokensDetails: tally.details() };
  sendJson(call.res, 200, response);
}
