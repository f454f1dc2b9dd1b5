import type { Content, GoogleErrorBody } from '../../proxy/gemini/types.js';
import { type Call, parseJsonBody } from './context.js';
import { invalidArgument, modelNotFound, unknownFields } from './errors.js';
import { embedText, textOfContent } from './embeddings.js';
import { type EmulatedModel, findModel, supports } from './models.js';
import { sendError, sendJson } from './wire.js';

/** embedContent and batchEmbedContents (https://ai.google.dev/api/embeddings). */

const EMBED_FIELDS = new Set(['model', 'content', 'taskType', 'title', 'outputDimensionality']);

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

type One = { ok: true; values: number[] } | { ok: false; error: GoogleErrorBody };

function embedOne(raw: unknown, model: EmulatedModel, path: string, at: string): One {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, error: invalidArgument(`* ${path}.content: content is not specified\n`) };
  }
  const unknown = Object.keys(raw).filter((k) => !EMBED_FIELDS.has(camel(k)));
  if (unknown.length > 0) {
    return { ok: false, error: unknownFields(unknown.map((name) => (at ? { name, at } : { name }))) };
  }
  const req = Object.fromEntries(Object.entries(raw).map(([k, v]) => [camel(k), v])) as Record<
    string,
    unknown
  >;
  const content = req.content as Content | undefined;
  if (!content || !Array.isArray(content.parts) || content.parts.length === 0) {
    return { ok: false, error: invalidArgument(`* ${path}.content: content is not specified\n`) };
  }
  const full = model.dimensions ?? 768;
  const asked =
    typeof req.outputDimensionality === 'number' ? Math.floor(req.outputDimensionality) : undefined;
  const dimensions = asked !== undefined && asked > 0 ? Math.min(asked, full) : full;
  return { ok: true, values: embedText(textOfContent(content), dimensions) };
}

function embeddingModel(call: Call, method: string): EmulatedModel | undefined {
  const model = findModel(call.modelId);
  if (!model || !supports(model, method)) {
    sendError(call.res, modelNotFound(call.modelId, call.apiVersion, method));
    return undefined;
  }
  return model;
}

export function handleEmbed(call: Call): void {
  const model = embeddingModel(call, 'embedContent');
  if (!model) return;
  const parsed = parseJsonBody(call.rawBody);
  if (!parsed.ok) return sendError(call.res, parsed.error);
  const one = embedOne(parsed.value, model, 'EmbedContentRequest', '');
  if (!one.ok) return sendError(call.res, one.error);
  sendJson(call.res, 200, { embedding: { values: one.values } });
}

export function handleBatchEmbed(call: Call): void {
  const model = embeddingModel(call, 'batchEmbedContents');
  if (!model) return;
  const parsed = parseJsonBody(call.rawBody);
  if (!parsed.ok) return sendError(call.res, parsed.error);
  const body = parsed.value as Record<string, unknown>;
  const unknown = Object.keys(body ?? {}).filter((k) => k !== 'requests');
  if (unknown.length > 0) return sendError(call.res, unknownFields(unknown.map((name) => ({ name }))));
  const requests = body?.requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    return sendError(
      call.res,
      invalidArgument('* BatchEmbedContentsRequest.requests: requests is not specified\n'),
    );
  }
  const embeddings: Array<{ values: number[] }> = [];
  for (const [i, r] of requests.entries()) {
    const one = embedOne(r, model, `BatchEmbedContentsRequest.requests[${i}]`, `requests[${i}]`);
    if (!one.ok) return sendError(call.res, one.error);
    embeddings.push({ values: one.values });
  }
  sendJson(call.res, 200, { embeddings });
}
